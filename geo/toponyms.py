"""Contested place names, shown side by side and never silently one-sided.

Text in the layers writes a contested place as a token, ``{stepanakert}``; ``layers/toponyms.json`` lists each
token's variants (who uses it, and the form in each language). :func:`resolve` replaces every token with all its
variants joined by `` / `` ("Stepanakert / Khankendi"), in the listed order or reversed (``swap=True``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = [
    "RESOLVED_FIGURE_KEYS",
    "RESOLVED_KEYS",
    "TOKEN_KEY_RE",
    "TOKEN_RE",
    "Toponyms",
    "has_tokens",
    "resolve",
    "resolve_optional",
    "tokens_in",
]

#: A token is ``{`` + lower-case key + ``}``.
TOKEN_RE = re.compile(r"\{([a-z][a-z0-9_]*)\}")
#: A key of ``toponyms.json`` (matched whole).
TOKEN_KEY_RE = re.compile(r"[a-z][a-z0-9_]*")

#: The feature properties written in our own words, where tokens are resolved (every output: map, CSV, GeoJSON).
#: Source titles and publishers are quoted as published and never resolved.
RESOLVED_KEYS: frozenset[str] = frozenset(
    {"name", "name_ru", "name_hy", "name_az", "name_ka", "name_ab", "name_os", "description", "operator", "date_note",
     "approximate_note", "place"}
)
#: The same for the keys of each of a feature's figures.
RESOLVED_FIGURE_KEYS: frozenset[str] = frozenset({"note", "unit"})

#: token -> its variants; each variant maps "usage" and language codes to text.
Toponyms = Mapping[str, tuple[Mapping[str, str], ...]]


def tokens_in(text: str) -> list[str]:
    """The token keys used in ``text``, in order."""
    return TOKEN_RE.findall(text)


def has_tokens(text: str) -> bool:
    """True when ``text`` names a contested place."""
    return TOKEN_RE.search(text) is not None


def resolve(text: str, lang: str, toponyms: Toponyms, *, swap: bool = False) -> str:
    """Replace each ``{token}`` in ``text`` with its variants in ``lang``, joined by " / ".

    Identical forms are shown once (both sides may write a name the same way in some language). A variant without
    a form in ``lang`` falls back to English. Unknown tokens raise ``KeyError`` (the validator reports them first).
    """

    def one(match: re.Match[str]) -> str:
        variants = toponyms[match.group(1)]
        ordered = reversed(variants) if swap else iter(variants)
        forms: list[str] = []
        for variant in ordered:
            form = variant.get(lang) or variant["en"]
            if form not in forms:
                forms.append(form)
        return " / ".join(forms)

    return TOKEN_RE.sub(one, text)


def resolve_optional(text: str | None, lang: str, toponyms: Toponyms, *, swap: bool = False) -> str | None:
    """:func:`resolve` for an optional text (``None`` stays ``None``)."""
    return None if text is None else resolve(text, lang, toponyms, swap=swap)
