"""Template filters available in every template (registered as builtins in settings)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from mlquiz.web.markdown import render_inline, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    """Bank Markdown (trusted, raw HTML escaped) to HTML."""
    return mark_safe(render_markdown(text or ""))


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: str | None) -> SafeString:
    return mark_safe(render_inline(text or ""))


@register.filter
def ago(value: Any) -> str:
    """'just now', '5 minutes ago', '2 days ago'."""
    from django.utils import timezone
    from django.utils.timesince import timesince

    if value is None:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return "just now"
    return f"{timesince(value).split(',')[0]} ago"


@register.filter
def percent(value: float | None) -> str:
    if value is None:
        return ""
    return f"{round(float(value) * 100)}%"


@register.filter
def get_item(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)


@register.filter
def letter(index: int) -> str:
    return "ABCDEFGHIJ"[int(index)] if 0 <= int(index) < 10 else str(index)


VERDICT_TONE = {"AC": "good", "PERF": "warn", "SE": "warn"}


@register.filter
def verdict_tone(verdict: str | None) -> str:
    if not verdict:
        return "pending"
    return VERDICT_TONE.get(verdict, "bad")


ROUND_TITLES = {
    "coding": "Coding",
    "ml_coding": "ML coding",
    "ml_theory": "ML theory",
    "ml_system_design": "System design",
}


@register.filter
def round_title(round_id: str) -> str:
    return ROUND_TITLES.get(round_id, round_id)


KIND_TITLES = {
    "mcq": "Single choice",
    "multi_select": "Multiple choice",
    "numeric": "Numeric",
    "short_text": "Short answer",
    "coding": "Coding",
    "system_design": "Design case",
}


@register.filter
def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind)
