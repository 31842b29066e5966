"""Small folium/branca elements that make an offline, self-contained map document.

* :class:`Document`: the page (``<html lang>``, escaped title), replacing branca's Figure template.
* :class:`OfflineMap`: a folium Map that loads no CDN asset and allows pinch-zoom.
* :class:`InlineScript`, :class:`InlineStyle`: a vendored asset written into the page.
* :class:`PresenceLayer`: the dataset (JSON, inert), its text alternative (``<noscript>``, :mod:`geo.noscript`) and
  the call that mounts the client-side map on it.

HTML and JS live in ``geo/templates``; data enters them as template *variables* (autoescaped) or as JSON that
cannot close a ``<script>`` element, never as template source. Two rules keep it so:

* every template is rendered by one autoescaping Jinja environment (:data:`_ENV`); what must not be escaped (our
  own JS/CSS, script-safe JSON) is marked :class:`~markupsafe.Markup` in Python, where that decision is visible;
* branca's ``MacroElement.render`` is NOT used: it wraps each macro's *output* in ``Element(text)``, which compiles
  that output as a new template, so data text such as ``{{ 7*191 }}`` in a title would be evaluated. Our elements
  add their output as a :class:`_Rendered` child, whose template is the fixed ``{{ this.markup }}``.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import folium
import jinja2
import zopfli.gzip
from branca.element import Element, Figure, MacroElement
from folium.template import tojavascript
from markupsafe import Markup

from geo import base85
from geo.geopack import pack_payload, unpack_payload
from geo.noscript import Noscript

__all__ = [
    "PACKED_COLLECTIONS",
    "Document",
    "InlineScript",
    "InlineStyle",
    "OfflineMap",
    "PresenceLayer",
    "read_payload",
    "read_user_blocks",
    "render_template",
    "script_safe_json",
]

#: The one Jinja environment of the project: autoescaped, strict about undefined names. Only our package's
#: template files are compiled in it; no text from data, a file or a person is ever compiled as a template.
_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
_ENV.filters["tojavascript"] = lambda value: Markup(tojavascript(value))  # folium's: JSON with < > & ' escaped


#: The payload's GeoJSON FeatureCollections whose geometry travels packed in the document (:mod:`geo.geopack`,
#: lossless; ``geo/static/src/geopack.js`` unpacks them before anything else reads the payload).
PACKED_COLLECTIONS: tuple[str, ...] = ("basemap", "reference")


@lru_cache(maxsize=16)
def _template(name: str) -> jinja2.Template:
    return _ENV.from_string(resources.files("geo").joinpath("templates", name).read_text(encoding="utf-8"))


def render_template(name: str, **values: Any) -> str:
    """A package template of ours (``geo/templates/<name>``) rendered through :data:`_ENV`: ``values`` are escaped."""
    return _template(name).render(**values)


def script_safe_json(data: Any) -> str:
    """Compact JSON that is safe inside ``<script>``: ``<``, ``>``, ``&`` and the JS line separators are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


class _Safe(Element):
    """An element rendered by :data:`_ENV`: its output is escaped markup, marked so (a parent does not escape it)."""

    def render(self, **kwargs: Any) -> Markup:
        """The element's HTML."""
        return Markup(self._template.render(this=self, kwargs=kwargs))


class _Rendered(_Safe):
    """Markup one of our templates has already rendered, inserted as it is and never compiled again."""

    _template = _ENV.from_string("{{ this.markup }}")

    def __init__(self, markup: Markup) -> None:
        super().__init__()
        self.markup = markup


class _Container(_Safe):
    """A part of the page (head, body, script) that renders its children in order, through :data:`_ENV`."""

    _template = _ENV.from_string("{% for element in this._children.values() %}{{ element.render(**kwargs) }}\n{% endfor %}")


def _render_macros(element: MacroElement, kwargs: Mapping[str, Any]) -> None:
    """What ``MacroElement.render`` does, without compiling the macros' output as a template (see the module doc)."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"{type(element).__name__} can only be rendered inside a Document")
    module = element._template.module
    for part in ("header", "html", "script"):
        macro = getattr(module, part, None)
        if macro is not None:
            getattr(figure, part).add_child(_Rendered(Markup(macro(element, kwargs))), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class Document(Figure):
    """The whole HTML page. ``title`` and ``description`` are plain text (escaped in the template)."""

    def __init__(self, *, title: str, description: str, lang: str, version: str) -> None:
        super().__init__(title=None)
        self._template = _template("document.html.j2")
        self.title_text = title
        self.description_text = description
        self.lang = lang
        self.version = version
        # fresh parts rendered through _ENV (branca's hold a <meta http-equiv>; the template writes <meta charset>)
        for part in ("header", "html", "script"):
            container = _Container()
            container._parent = self
            setattr(self, part, container)


class OfflineMap(folium.Map):
    """A folium Map with no CDN assets (Leaflet is inlined by the caller) and a viewport that allows pinch-zoom."""

    # New lists, never folium's module-level ones (Map.add_js_link would mutate those for every map).
    default_js = []  # noqa: RUF012 -- folium reads these class attributes
    default_css = []  # noqa: RUF012

    def __init__(self, *, aria_label: str, **kwargs: Any) -> None:
        super().__init__(tiles=None, **kwargs)
        self._template = _template("map.html.j2")
        self.aria_label = aria_label

    def render(self, **kwargs: Any) -> str:
        """Add the map's parts to the page (no CDN links: there are none to add); the page renders them."""
        _render_macros(self, kwargs)
        return ""


class InlineScript(_Safe):
    """A JavaScript file of ours or a vendored one, written into the page (``</script`` inside it is neutralised)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._template = _template("inline_script.html.j2")
        self.code = Markup(code.replace("</script", "<\\/script"))  # our code, not data: inserted unescaped


class InlineStyle(_Safe):
    """A CSS file of ours or a vendored one, written into the page."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._template = _template("inline_style.html.j2")
        self.code = Markup(code.replace("</style", "<\\/style"))  # our CSS, not data: inserted unescaped


def _gzip(data: bytes, *, thorough: bool = True) -> bytes:
    """``data`` as a standard gzip member (RFC 1952, mtime 0, so the same input gives the same bytes). ``thorough``:
    deflated by Zopfli, about 5 % smaller than zlib's level 9 on the map payload (133.4 vs 140.8 KB), at about 1.4 s
    instead of 0.04 s for its 550 KB of JSON (one iteration: 15 gain 0.2 % more at 2.6× the time); else zlib level 9
    (the app's own document: no size budget, built while the first reader waits)."""
    if thorough:
        return bytes(zopfli.gzip.compress(data, numiterations=1))
    return gzip.compress(data, compresslevel=9, mtime=0)


class PresenceLayer(MacroElement):
    """Holds the map payload (see ``geo/render.py``) and mounts ``PresenceMap`` on the parent map.

    Each user layer (``user_layers``: objects with a ``payload`` mapping, see :class:`geo.userlayer.onmap.MapUserLayer`)
    travels in an inert block of its own after the main one, ``<main block id>-user-<i>``: script-safe JSON of its
    packed payload (already gzip+base64 inside), so the main payload stays small and the big one is decoded once.
    """

    def __init__(self, payload: dict[str, Any], *, noscript: Noscript, compress: bool = True,
                 user_layers: Sequence[Any] = (), thorough: bool = True) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PresenceLayer"
        self._template = _template("presence_layer.html.j2")
        # the basemap's and reference layers' coordinates as delta-coded integers (exact; see geo/geopack.py)
        text = script_safe_json(pack_payload(payload, PACKED_COLLECTIONS))
        # gzip + base-85 text (geo/base85.py: 5 characters per 4 bytes, base64 needs 5.33) keeps a whole dataset with
        # five languages inside the 500 KB budget; the browser inflates it with the standard DecompressionStream.
        self.encoding = "gzip-b85" if compress else "json"
        # script-safe JSON (no < > &) or base-85 text (no < > & " ' \ /): raw text inside <script>, never escaped
        self.payload_json = Markup(base85.encode(_gzip(text.encode("utf-8"), thorough=thorough)) if compress else text)
        self.noscript = noscript  # plain text in dataclasses (geo/noscript.py), escaped by the template
        # script-safe JSON (no < > &): raw text inside <script type="application/json">, never escaped
        self.user_blocks = [Markup(script_safe_json(dict(layer.payload))) for layer in user_layers]

    def render(self, **kwargs: Any) -> str:
        """Add the data block and the mount call to the page; the page renders them."""
        _render_macros(self, kwargs)
        return ""


def read_payload(html: str) -> dict[str, Any]:
    """The payload inside a map document (plain JSON, gzip+base-85 or, in older documents, gzip+base64), its packed
    geometry unpacked to plain GeoJSON: what ``PresenceMap.mount`` sees. For tests, benchmarks and curious readers."""
    import re

    match = re.search(r'<script type="application/json" id="[^"]+" data-encoding="([a-z0-9-]+)">(.*?)</script>', html, re.S)
    if match is None:
        raise ValueError("no presence-map data block in this document")
    encoding, text = match.groups()
    if encoding == "gzip-b85":
        text = gzip.decompress(base85.decode(text)).decode("utf-8")
    elif encoding == "gzip-base64":
        text = gzip.decompress(base64.b64decode(text)).decode("utf-8")
    return unpack_payload(dict(json.loads(text)))


def read_user_blocks(html: str) -> list[dict[str, Any]]:
    """The user layers' packed payloads inside a map document, in order (for tests and benchmarks)."""
    import re

    return [dict(json.loads(text)) for text in
            re.findall(r'<script type="application/json" id="[^"]+-user-[0-9]+" data-encoding="json">(.*?)</script>', html, re.S)]
