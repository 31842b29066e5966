"""A copy of the shipped layers with template, Markdown and XSS payloads in every kind of text (for test_hostile).

The copy still validates: a payload is data, and data may say anything. Each payload must come out of every output
literally (HTML, PNG, handout, pack, app), never evaluated, never a link, never markup.
"""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from geo.config import DEFAULT_LAYERS_DIR
from geo.model import LANGUAGES

#: Jinja syntax: evaluated, {{ 7*191 }} would print 1337; the last one would run a shell command.
TEMPLATE = ("{{ 7*191 }}", "{% if 1 %}x{% endif %}", "{# c", "{{ lipsum.__globals__.os.popen('printf %s%s PW NED').read() }}")
#: Markdown that would become a link, an outside image (a request), a heading.
MD_LINK = "[Log in again](https://evil.example/login)"
MD_IMAGE = "![](http://198.51.100.9/pixel.gif)"
MARKDOWN = (MD_LINK, MD_IMAGE, "**bold** :red[red] $x^2$ https://evil.example/bare")
#: HTML and script that would run in a browser.
XSS = ("<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", "\"><svg onload=alert(3)>")

TITLE = "Atlas " + " ".join(TEMPLATE)
LICENCE = "CC BY " + MD_IMAGE + " " + XSS[0]
LAYER_TITLE = "Peacekeepers " + TEMPLATE[1] + " " + XSS[0]
EVENT_ID = "event-2020-11-10-ceasefire-statement"
EVENT_NAME = "Ceasefire " + TEMPLATE[0] + " " + MD_LINK
CHAPTER_TITLE = "Chapter " + TEMPLATE[0] + " " + TEMPLATE[2] + " " + TEMPLATE[1]
FEATURE_ID = "hostile-base"
FEATURE_NAME = "Base " + XSS[0] + " " + TEMPLATE[0]
FEATURE_DESCRIPTION = XSS[1] + " " + TEMPLATE[1] + " " + MARKDOWN[2]
EVIL = ("1337", "PWNED", "evil.example/login\"", "198.51.100.9/pixel.gif\"")


def build(root: Path) -> Path:
    """The shipped layers with the payloads, in ``root`` (returned)."""
    shutil.copytree(DEFAULT_LAYERS_DIR, root)
    manifest = _load(root / "manifest.json")
    manifest["dataset"].update(title=TITLE, licence=LICENCE, credit="Credit " + TEMPLATE[3])
    manifest["layers"][0].update(title=LAYER_TITLE, description="Description " + TEMPLATE[2] + " " + XSS[2])
    manifest["layers"].append({"id": "hostile", "title": LAYER_TITLE, "description": XSS[1] + " " + MD_LINK,
                               "order": 99, "visible": True, "style": {"color": "#CC79A7"}})  # no translation: shown
    _save(root / "manifest.json", manifest)

    events = _load(root / "events.geojson")
    for feature in events["features"]:
        if feature["properties"]["id"] == EVENT_ID:
            feature["properties"].update({_name_key(lang): EVENT_NAME for lang in LANGUAGES})
    _save(root / "events.geojson", events)

    chapters = _load(root / "chapters.json")
    chapters["chapters"][0]["title"] = dict.fromkeys(LANGUAGES, CHAPTER_TITLE)
    chapters["chapters"][0]["text"] = dict.fromkeys(LANGUAGES, "Text " + TEMPLATE[1] + " " + MD_LINK + " " + XSS[0])
    _save(root / "chapters.json", chapters)

    _save(root / "hostile.geojson", {"type": "FeatureCollection", "features": [hostile_feature()]})
    return root


def hostile_feature() -> dict[str, Any]:
    """One point near Gyumri (lon, lat) with payloads in every text field."""
    return {
        "type": "Feature",
        "properties": {
            "id": FEATURE_ID,
            **{_name_key(lang): FEATURE_NAME for lang in LANGUAGES},
            "kind": "military-base",
            "country": ["AM"],
            "operator": "=HYPERLINK(\"https://evil.example\") " + MD_LINK,
            "start": "2008-08",
            "end": None,
            "date_note": "-2+3 " + TEMPLATE[2],
            "confidence": "reported",
            "approximate": True,
            "approximate_note": "@SUM(1) " + XSS[2],
            "description": FEATURE_DESCRIPTION,
            "figures": [{"label": "personnel", "value": 10, "as_of": "2010", "source": 0, "note": TEMPLATE[0],
                         "unit": "+staff"}],
            "sources": [{"title": XSS[0] + " " + TEMPLATE[0], "publisher": MD_LINK, "date": "2010-01-02",
                         "url": "https://example.org/?q=<x>&y=\"z\""}],
        },
        "geometry": {"type": "Point", "coordinates": [43.85, 40.79]},
    }


class Texts(HTMLParser):
    """The text a reader (or a screen reader) gets from a page: the title, attribute values, element text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.attributes: dict[str, list[str]] = {}
        self.noscript = ""
        self.tags: list[str] = []
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in.append(tag)
        for key, value in attrs:
            self.attributes.setdefault(key, []).append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.title += data
        if "noscript" in self._in:
            self.noscript += data


def _name_key(lang: str) -> str:
    return "name" if lang == "en" else f"name_{lang}"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _save(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
