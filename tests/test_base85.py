"""Tests for geo.base85: RFC 1924 arithmetic in an alphabet that is raw text in any HTML <script> element."""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from geo import base85

FIXTURE = Path(__file__).parent / "fixtures" / "base85.json"


@pytest.fixture(scope="module")
def table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def test_the_alphabet_is_85_printable_ascii_characters_without_html_or_string_delimiters() -> None:
    assert len(base85.ALPHABET) == len(set(base85.ALPHABET)) == 85
    assert all(0x21 <= ord(c) <= 0x7E for c in base85.ALPHABET)
    assert list(base85.ALPHABET) == sorted(base85.ALPHABET)
    assert set(base85.ALPHABET).isdisjoint("<>&\"'\\/`% \t\r\n")


def test_the_shared_table_is_what_encode_gives_and_decodes_back(table: dict[str, Any]) -> None:
    # tests/js/base85.test.mjs decodes the same table with geo/static/src/base85.js
    assert table["alphabet"] == base85.ALPHABET
    for case in table["cases"]:
        data = bytes.fromhex(case["hex"])
        assert base85.encode(data) == case["text"]
        assert base85.decode(case["text"]) == data


def test_five_characters_per_four_bytes_and_a_partial_last_group() -> None:
    for n in range(0, 41):
        data = os.urandom(n)
        text = base85.encode(data)
        assert len(text) == n // 4 * 5 + (n % 4 + 1 if n % 4 else 0)
        assert base85.decode(text) == data
    assert base85.encode(b"\x00\x00\x00\x00") == "!!!!!"  # no "z" shortcut


def test_no_text_it_writes_can_close_a_script_or_open_a_comment() -> None:
    data = os.urandom(200_000) + b"</script><!--" * 100
    text = base85.encode(data)
    assert re.fullmatch(r"[!#$()*+,\-.0-9:;=?@A-Z\[\]^_a-z{|}~]*", text)
    assert "</script" not in text.lower() and "<!--" not in text
    # base64's own alphabet has "/" and "+": the reason for the custom one is < and & (and quotes), not size
    assert len(text) < len(base64.b64encode(data)) * 0.94


@pytest.mark.parametrize(("text", "message"), [("ab<cd", "not in the alphabet"), ("ab cd", "not in the alphabet"),
                                                ("!!!!!!", "one character"), ("~~~~~", "overflow")])
def test_bad_text_is_a_clear_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        base85.decode(text)
