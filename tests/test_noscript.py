"""The text alternative in <noscript> (geo/noscript.py + presence_layer.html.j2): what is on the map at the opening
date, from the same data and rule, escaped, in the document's language."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from geo.config import Settings
from geo.io import load_catalog
from geo.noscript import noscript_listing
from geo.render import MapOptions, build_document
from geo.toponyms import resolve
from tests import hostile as h
from tests.conftest import make_feature


class Noscript(HTMLParser):
    """The <noscript> element of a page: its text, its links (href, text) and its list items."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.text = ""
        self.links: list[tuple[dict[str, str | None], str]] = []
        self.items: list[str] = []
        self._stack: list[str] = []
        self._link: dict[str, str | None] | None = None
        self._link_text = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "noscript":
            self.inside = True
        if not self.inside:
            return
        self._stack.append(tag)
        if tag == "a":
            self._link, self._link_text = dict(attrs), ""
        if tag == "li":
            self.items.append("")

    def handle_endtag(self, tag):
        if tag == "noscript":
            self.inside = False
        if self.inside and tag == "a" and self._link is not None:
            self.links.append((self._link, self._link_text))
            self._link = None

    def handle_data(self, data):
        if self.inside:
            self.text += data
            if self._link is not None:
                self._link_text += data
            if self.items:
                self.items[-1] += data


@pytest.fixture(scope="module")
def shipped():
    return load_catalog(Settings()).catalog


def test_it_lists_what_the_map_shows_on_the_opening_date(shipped):
    day = dt.date(2020, 11, 10)
    html = build_document(shipped, MapOptions(day=day), today=dt.date.today())
    listing = Noscript(html)
    shown = [f for layer in shipped.layers if layer.visible for f in layer.features if f.interval.contains(day)]
    assert len(shown) > 10
    assert listing.text.startswith("Russian military presence in the South Caucasus — 10 November 2020")
    assert "On the map on 10 November 2020" in listing.text and "needs JavaScript" in listing.text
    zone = next(i for i in listing.items if i.startswith("Russian peacekeeping zone in Nagorno-Karabakh / Artsakh"))
    assert "Peacekeeping zone; from 10 November 2020 until 23 March 2022; confirmed. Sources: 1, 2" in zone
    assert "Key event" in listing.text  # the ceasefire of that day, a one-day event
    names = {i.split(" — ")[0] for i in listing.items}
    for feature in shown:  # every feature of that day, by its English name with both forms of contested places
        assert resolve(feature.name, "en", shipped.toponyms) in names, feature.id
    for feature in shipped.features:
        if not feature.interval.contains(day) and all(feature.name != f.name for f in shown):
            assert resolve(feature.name, "en", shipped.toponyms) not in names, feature.id
    urls = {s.url for f in shown for s in f.sources}
    linked = {attrs["href"] for attrs, _ in listing.links}
    assert linked == urls  # every source of every feature shown, once each, as a link
    assert len(listing.links) == len({s for f in shown for s in f.sources})  # a source cited twice is listed once
    assert all(attrs["target"] == "_blank" and attrs["rel"] == "noopener" for attrs, _ in listing.links)


def test_it_follows_the_language_and_the_name_order(shipped):
    day = dt.date(2021, 1, 1)
    ru = noscript_listing(shipped, title="Карта", day=day, lang="ru", layers=[layer.id for layer in shipped.layers])
    assert ru.heading == "Карта — 1 января 2021\u202fг." and ru.sources_label == "Источники"  # CLDR's narrow space
    assert any("Степанакерт / Ханкенди" in f.name for layer in ru.layers for f in layer.features)
    swapped = noscript_listing(shipped, title="t", day=day, lang="en", layers=[layer.id for layer in shipped.layers],
                               swap=True)
    assert any("Khankendi / Stepanakert" in f.name for layer in swapped.layers for f in layer.features)


def test_only_the_layers_shown_at_start_and_a_sentence_when_nothing_is_there(shipped):
    day = dt.date(2021, 1, 1)
    only = noscript_listing(shipped, title="t", day=day, lang="en", layers=["gyumri_base"])
    assert [layer.title for layer in only.layers] == ["102nd base (Gyumri) and Erebuni air base"]
    empty = noscript_listing(shipped, title="t", day=day, lang="en", layers=[])
    assert empty.layers == () and empty.sources == () and empty.empty == "Nothing from this dataset is on the map on this date."


def test_data_text_is_escaped_and_only_http_links_are_links(make_layers):
    feature = make_feature(
        "x", name="<img src=x onerror=alert(1)> {{ 7*191 }}",
        sources=[{"title": "<script>alert(1)</script>", "publisher": "\" onmouseover=\"x", "date": "2010",
                  "url": "https://example.org/?a=<b>&c=\"d\""}],
    )
    catalog = load_catalog(Settings(layers_dir=make_layers(bases=[feature], roads=[]))).catalog
    html = build_document(catalog, MapOptions(day=dt.date(2009, 1, 1)), today=dt.date.today())
    block = re.search(r"<noscript>.*?</noscript>", html, re.S).group(0)
    assert "<img" not in block and "<script>" not in block and "1337" not in block
    assert "&lt;img src=x onerror=alert(1)&gt; {{ 7*191 }}" in block
    listing = Noscript(html)
    assert listing.links == [({"href": "https://example.org/?a=<b>&c=\"d\"", "target": "_blank", "rel": "noopener"},
                              "<script>alert(1)</script>")]
    assert "\" onmouseover=\"x, 2010" in listing.text


def test_the_hostile_dataset_stays_text(hostile):
    catalog = load_catalog(Settings(layers_dir=hostile)).catalog
    html = build_document(catalog, MapOptions(day=dt.date(2021, 1, 1), title=" ".join(h.TEMPLATE)), today=dt.date.today())
    texts = h.Texts(html)
    assert h.FEATURE_NAME in texts.noscript
    assert "img" not in texts.tags and "svg" not in texts.tags


@pytest.fixture
def hostile(tmp_path):
    return h.build(tmp_path / "layers")
