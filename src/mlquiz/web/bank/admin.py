from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from mlquiz.web.bank.models import BankQuestion


@admin.register(BankQuestion)
class BankQuestionAdmin(admin.ModelAdmin[BankQuestion]):
    """Read-only: the YAML files are the source of truth (edit them, then restart)."""

    list_display = ("id", "title", "kind", "round", "difficulty", "topics")
    list_filter = ("round", "kind", "difficulty")
    search_fields = ("id", "title", "topics", "prompt")
    readonly_fields = tuple(f.name for f in BankQuestion._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
