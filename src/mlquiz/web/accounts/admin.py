from __future__ import annotations

from django.contrib import admin

from mlquiz.web.accounts.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ("name", "user", "created", "last_used")
    readonly_fields = ("user", "name", "digest", "created", "last_used")
