"""Make sandbox text safe to show: cap it and strip terminal escapes and control characters.

Why here: stdout and exception messages are candidate-controlled. ANSI/OSC sequences can
rewrite a terminal (fake verdict lines, hyperlinks); control characters can hide text.
HTML is *not* escaped here: the text is plain text, and escaping belongs to the renderer
(Django autoescapes); escaping twice would corrupt legitimate output.
"""

from __future__ import annotations

import re

# CSI ... final byte, OSC ... BEL/ST, other two-byte ESC sequences, and 8-bit C1 CSI/OSC.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]?"
)
# C0 controls except \t and \n, DEL, C1 controls, and bidi/zero-width format characters.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def sanitize(text: str, cap: int) -> str:
    """Strip escapes/controls (``\\r\\n`` -> ``\\n``), then cap to ``cap`` characters."""
    text = text.replace("\r\n", "\n")
    text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    if len(text) > cap:
        text = text[:cap] + "\n[... truncated]"
    return text


def sanitize_bytes(data: bytes, cap: int) -> str:
    """Decode candidate bytes leniently (undecodable bytes become U+FFFD), then sanitize."""
    return sanitize(data[: cap * 4].decode("utf-8", errors="replace"), cap)
