"""Text that must be shown, never interpreted, inside Markdown (Streamlit's ``st.markdown``, ``st.warning``, ...).

Streamlit renders CommonMark + GFM and its own extensions: links and images (``[x](url)``, ``![](url)``, bare URLs
and e-mail addresses become links), HTML, ``$maths$``, ``:emoji:``, ``:material/icon:`` and ``:red[colour]``
directives. Every one of them starts with, or needs, ASCII punctuation, and CommonMark lets any ASCII punctuation be
escaped with a backslash; so :func:`md` escapes all of it. Line breaks become spaces (a new line could start a
heading, a list or a code block) and runs of spaces shrink to one (four spaces start a code block).

Everything from the URL, the data or a file passes through :func:`md` before it reaches Markdown; the text
around it (our own translations) is Markdown on purpose. No Streamlit import here (``geo/`` never imports it).
"""

from __future__ import annotations

import string
from collections.abc import Mapping

__all__ = ["md", "md_values"]

_ESCAPE = {ord(ch): "\\" + ch for ch in string.punctuation}


def md(text: object) -> str:
    """``text`` as literal Markdown: every ASCII punctuation character backslash-escaped, on one line."""
    return " ".join(str(text).split()).translate(_ESCAPE)


def md_values(values: Mapping[str, object]) -> dict[str, str]:
    """:func:`md` applied to every value, for ``strings(lang)(key, **md_values(values))``."""
    return {key: md(value) for key, value in values.items()}
