"""Text that must be shown, never interpreted, inside Markdown (Streamlit's ``st.markdown``, ``st.warning``, ...).

Streamlit renders CommonMark + GFM and its own extensions: links and images (``[x](url)``, ``![](url)``, bare URLs
and e-mail addresses become links), HTML, ``$maths$``, ``:emoji:``, ``:material/icon:`` and ``:red[colour]``
directives. Every one of them starts with, or needs, ASCII punctuation, and CommonMark lets any ASCII punctuation be
escaped with a backslash; so :func:`md` escapes all of it. Line breaks become spaces (a new line could start a
heading, a list or a code block) and runs of spaces shrink to one (four spaces start a code block).

Escapes do not stop GFM's *literal* autolinks (``https://…``, ``www.…``, ``name@host``): Streamlit finds them in the
text after the escapes are resolved (tested in tests/browser/test_hostile.py). So an invisible WORD JOINER (U+2060)
is put after every ``:`` and ``@`` and between ``www`` and ``.``; the text reads the same and is never a link.

Everything from the URL, the data or a file passes through :func:`md` before it reaches Markdown; the text
around it (our own translations) is Markdown on purpose. No Streamlit import here (``geo/`` never imports it).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping

__all__ = ["md", "md_values"]

_JOINER = "\u2060"
_ESCAPE = {ord(ch): "\\" + ch for ch in string.punctuation} | {ord(":"): "\\:" + _JOINER, ord("@"): "\\@" + _JOINER}
_WWW = re.compile(r"(www)(?=\.)", re.IGNORECASE)


def md(text: object) -> str:
    """``text`` as literal Markdown on one line: ASCII punctuation escaped, literal autolinks broken (see above)."""
    return _WWW.sub("\\1" + _JOINER, " ".join(str(text).split())).translate(_ESCAPE)


def md_values(values: Mapping[str, object]) -> dict[str, str]:
    """:func:`md` applied to every value, for ``strings(lang)(key, **md_values(values))``."""
    return {key: md(value) for key, value in values.items()}
