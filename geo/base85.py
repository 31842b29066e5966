"""Base-85 text for binary data inside an HTML ``<script>`` element (``geo/static/src/base85.js`` decodes it).

Every 4 bytes become 5 characters (base64 needs 5.33), so the gzip-compressed map payload is about 6 % of base64's
size smaller. The arithmetic is RFC 1924's (:func:`base64.b85encode`): each 4-byte group, read as a big-endian
unsigned 32-bit integer, is written as 5 base-85 digits, most significant first; a last group of n < 4 bytes is
padded with zero bytes and written as its first n + 1 digits (a decoder pads it with the highest digit, 84, and keeps
n bytes). There is no ``z`` shortcut and no whitespace.

The alphabet is not RFC 1924's: it is the printable ASCII characters ``!`` (0x21) to ``~`` (0x7E) without
``" & ' / < > \\ ` %``, in code-point order. With no ``<`` and no ``&`` the text can never contain ``</script``,
``<!--`` or a character reference, so it is raw text in any HTML script element, unescaped and unchanged by the
parser; with no quote or backslash it is also safe inside a JS or JSON string literal.
"""

from __future__ import annotations

import base64
from typing import Final

__all__ = ["ALPHABET", "decode", "encode"]

#: The 85 digits, value 0 first: printable ASCII 0x21-0x7E without " & ' / < > \ ` %.
ALPHABET: Final[str] = "".join(c for c in map(chr, range(0x21, 0x7F)) if c not in "\"&'/<>\\`%")

#: RFC 1924's digits, in the same value order (what :mod:`base64` computes with).
_RFC1924: Final[str] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~"

_TO_OURS: Final[dict[int, int]] = str.maketrans(_RFC1924, ALPHABET)
_TO_RFC: Final[dict[int, int]] = str.maketrans(ALPHABET, _RFC1924)


def encode(data: bytes) -> str:
    """``data`` as base-85 text in :data:`ALPHABET` (``ceil(len * 5 / 4)`` characters, no padding)."""
    return base64.b85encode(data).decode("ascii").translate(_TO_OURS)


def decode(text: str) -> bytes:
    """The bytes :func:`encode` wrote as ``text``.

    Raises
    ------
    ValueError
        If ``text`` holds a character outside :data:`ALPHABET`, a group whose value exceeds 32 bits, or a last
        group of one character (no encoder writes that).
    """
    bad = set(text) - set(ALPHABET)
    if bad:
        raise ValueError(f"not base-85 text: characters {''.join(sorted(bad))!r} are not in the alphabet")
    if len(text) % 5 == 1:
        raise ValueError(f"not base-85 text: a last group of one character (length {len(text)})")
    return base64.b85decode(text.translate(_TO_RFC))
