"""Every URL of the web app (the JSON API lives under /api/, see mlquiz.web.api)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mlquiz.web import views
from mlquiz.web.accounts import views as account_views
from mlquiz.web.api import api
from mlquiz.web.bank import views as bank_views
from mlquiz.web.practice import views as practice_views

accounts_patterns = (
    [
        path("signup/", account_views.signup, name="signup"),
        path(
            "login/",
            auth_views.LoginView.as_view(
                template_name="accounts/login.html", redirect_authenticated_user=True
            ),
            name="login",
        ),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path(
            "password/",
            auth_views.PasswordChangeView.as_view(
                template_name="accounts/password_change.html",
                success_url="/accounts/password/done/",
            ),
            name="password_change",
        ),
        path(
            "password/done/",
            auth_views.PasswordChangeDoneView.as_view(
                template_name="accounts/password_change_done.html"
            ),
            name="password_change_done",
        ),
        path("", account_views.account, name="account"),
        path("tokens/", account_views.token_create, name="token_create"),
        path("tokens/<int:token_id>/revoke/", account_views.token_revoke, name="token_revoke"),
    ],
    "accounts",
)

bank_patterns = ([path("", bank_views.question_list_view, name="list")], "bank")

practice_patterns = (
    [
        path("q/<path:question_id>/", practice_views.question_page, name="question"),
        path("answer/<path:question_id>/", practice_views.answer, name="answer"),
        path("another/<path:question_id>/", practice_views.another, name="another"),
        path("reveal/<path:question_id>/", practice_views.reveal, name="reveal"),
        path("hint/<path:question_id>/", practice_views.hint, name="hint"),
        path("code/<path:question_id>/", practice_views.code_submit, name="code"),
        path("draft/<path:question_id>/", practice_views.draft, name="draft"),
        path("extras/<path:question_id>/", practice_views.coding_extras, name="extras"),
        path("submissions/<int:pk>/", practice_views.submission_detail, name="submission"),
        path("submissions/<int:pk>/panel/", practice_views.submission_panel, name="panel"),
    ],
    "practice",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include(accounts_patterns)),
    path("bank/", include(bank_patterns)),
    path("", include(practice_patterns)),
    path("mocks/", include("mlquiz.web.interviews.urls")),
    path("review/", include("mlquiz.web.reviews.urls")),
    path("progress/", include("mlquiz.web.progress.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "mlquiz.web.views.not_found"
handler500 = "mlquiz.web.views.server_error"
