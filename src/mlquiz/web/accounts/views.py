"""Sign up and the account page; sign in, sign out and password change are Django's views."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mlquiz.web.accounts.forms import SignUpForm
from mlquiz.web.accounts.models import ApiToken
from mlquiz.web.accounts.services import api_token_create, api_token_revoke
from mlquiz.web.auth import current_user


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("bank:list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("bank:list")
    return render(
        request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created")
    return render(request, "accounts/account.html", {"tokens": tokens, "new_token": None})


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    _, raw = api_token_create(user=current_user(request), name=request.POST.get("name", "terminal"))
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created")
    return render(request, "accounts/account.html", {"tokens": tokens, "new_token": raw})


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    api_token_revoke(user=current_user(request), token_id=token_id)
    return redirect("accounts:account")
