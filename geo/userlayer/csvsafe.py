"""Cells that are safe to write back into a CSV file a spreadsheet will open (no formula injection).

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)``,
``=cmd|' /C calc'!A0``); a leading tab or carriage return hides such a start. A user's text is data, never code,
so every text cell the project writes to CSV goes through :func:`neutralise_cell`: a cell that could start a
formula gets a leading apostrophe, which spreadsheets show as text and do not evaluate (the OWASP
recommendation). Plain numbers (``-45.5``, ``+7``, ``1e-3``) are left alone so that coordinates stay numbers.
The check looks past leading spaces, which some spreadsheets skip before deciding.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "neutralise_cell", "neutralise_row"]

#: Characters that make a spreadsheet read a cell as a formula when they come first.
FORMULA_STARTS: frozenset[str] = frozenset("=+-@\t\r\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_cell(text: str) -> str:
    """The cell as it must be written: unchanged, or with a leading ``'`` when it could be read as a formula.

    Examples
    --------
    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell("-45.5")
    '-45.5'
    >>> neutralise_cell("Gyumri")
    'Gyumri'
    """
    if not text:
        return text
    first = text.lstrip(" ")[:1]
    if text[0] in FORMULA_STARTS or first in FORMULA_STARTS:
        if _PLAIN_NUMBER.fullmatch(text) is not None:
            return text
        return "'" + text
    return text


def neutralise_row(cells: list[str | None]) -> list[str]:
    """A row of text cells ready for ``csv.writer``: ``None`` as an empty cell, every cell neutralised."""
    return ["" if cell is None else neutralise_cell(cell) for cell in cells]
