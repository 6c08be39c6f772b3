"""Markdown to HTML for bank text: CommonMark with tables and ``$...$`` / ``$$...$$`` math.

Raw HTML in the source is escaped (``html: False``) and unsafe link schemes are refused, so the
output is safe to mark as such. Math is left as ``<span class="math inline">`` /
``<div class="math block">`` for KaTeX to typeset in the browser. Sandbox output never goes
through here: templates escape it.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

_md = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("table")
    .enable("strikethrough")
    .use(dollarmath_plugin, allow_space=True, allow_digits=False, double_inline=True)
)


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    return str(_md.render(text))


def render_inline(text: str) -> str:
    """One paragraph without the ``<p>`` wrapper (option texts, rubric descriptions)."""
    html = render_markdown(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
