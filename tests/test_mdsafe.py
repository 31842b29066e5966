"""Text shown literally inside Markdown: escapes, one line, no literal autolinks (the browser check is in
tests/browser/test_hostile.py)."""

import string

from geo.mdsafe import md, md_values


def test_every_ascii_punctuation_is_escaped():
    escaped = md(string.punctuation).replace("\u2060", "")
    assert escaped == "".join("\\" + ch for ch in string.punctuation)


def test_links_images_html_maths_and_directives_are_inert():
    text = md("[x](https://evil.example) ![](http://198.51.100.9/p.gif) <b>b</b> $x$ :red[r] :material/home:")
    for raw in ("](", "![", "<b>", "$x$", ":red[", ":material"):
        assert raw not in text


def test_literal_autolinks_are_broken_invisibly():
    text = md("see https://evil.example or www.evil.example or me@evil.example")
    assert "https\\:\u2060\\/\\/" in text and "www\u2060\\." in text and "\\@\u2060" in text


def test_one_line_and_no_code_block_indent():
    assert md("a\n# b\n\n    c\r\n- d") == "a \\# b c \\- d"


def test_values_for_a_translation():
    assert md_values({"value": "[x]", "n": 3}) == {"value": "\\[x\\]", "n": "3"}
