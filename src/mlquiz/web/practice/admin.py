from __future__ import annotations

from django.contrib import admin

from mlquiz.web.practice.models import Attempt, Submission


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin[Attempt]):
    list_display = ("user", "question_id", "kind", "score", "correct", "created")
    list_filter = ("kind", "correct")
    search_fields = ("question_id", "user__username")


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ("id", "user", "question_id", "mode", "status", "verdict", "created")
    list_filter = ("mode", "status", "verdict")
    search_fields = ("question_id", "user__username")
