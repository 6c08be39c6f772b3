"""Writes of the accounts app: API tokens for the terminal client and scripts."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractBaseUser

from mlquiz.web.accounts.models import ApiToken, hash_token

TOKEN_PREFIX = "mlq_"


def api_token_create(*, user: AbstractBaseUser, name: str = "terminal") -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once and only its hash is stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=(name or "terminal")[:100], digest=hash_token(raw)
    )
    return token, raw


def api_token_revoke(*, user: AbstractBaseUser, token_id: int) -> bool:
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)
