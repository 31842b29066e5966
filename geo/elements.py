"""Small folium/branca elements that make an offline, self-contained map document.

* :class:`Document`: the page (``<html lang>``, escaped title), replacing branca's Figure template.
* :class:`OfflineMap`: a folium Map that loads no CDN asset and allows pinch-zoom.
* :class:`InlineScript`, :class:`InlineStyle`: a vendored asset written into the page.
* :class:`PresenceLayer`: the dataset (JSON, inert) and the call that mounts the client-side map on it.

HTML and JS live in ``geo/templates``; data enters them as JSON that cannot close a ``<script>`` element.
"""

from __future__ import annotations

import base64
import gzip
import json
from functools import lru_cache
from importlib import resources
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

__all__ = ["Document", "InlineScript", "InlineStyle", "OfflineMap", "PresenceLayer", "read_payload", "script_safe_json"]


@lru_cache(maxsize=16)
def _template(name: str) -> Template:
    template: Template = Template(resources.files("geo").joinpath("templates", name).read_text(encoding="utf-8"))
    return template


def script_safe_json(data: Any) -> str:
    """Compact JSON that is safe inside ``<script>``: ``<``, ``>``, ``&`` and the JS line separators are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


class Document(Figure):
    """The whole HTML page. ``title`` and ``description`` are plain text (escaped in the template)."""

    def __init__(self, *, title: str, description: str, lang: str, version: str) -> None:
        super().__init__(title=None)
        self._template = _template("document.html.j2")
        self.title_text = title
        self.description_text = description
        self.lang = lang
        self.version = version
        self.header._children.pop("meta_http", None)  # the template writes <meta charset> itself


class OfflineMap(folium.Map):
    """A folium Map with no CDN assets (Leaflet is inlined by the caller) and a viewport that allows pinch-zoom."""

    # New lists, never folium's module-level ones (Map.add_js_link would mutate those for every map).
    default_js = []  # noqa: RUF012 -- folium reads these class attributes
    default_css = []  # noqa: RUF012

    def __init__(self, *, aria_label: str, **kwargs: Any) -> None:
        super().__init__(tiles=None, **kwargs)
        self._template = _template("map.html.j2")
        self.aria_label = aria_label


class InlineScript(Element):
    """A JavaScript file written into the page (``</script`` inside it is neutralised)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._template = _template("inline_script.html.j2")
        self.code = code.replace("</script", "<\\/script")


class InlineStyle(Element):
    """A CSS file written into the page."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._template = _template("inline_style.html.j2")
        self.code = code.replace("</style", "<\\/style")


class PresenceLayer(MacroElement):
    """Holds the map payload (see ``geo/render.py``) and mounts ``PresenceMap`` on the parent map."""

    def __init__(self, payload: dict[str, Any], *, noscript_text: str, compress: bool = True) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "PresenceLayer"
        self._template = _template("presence_layer.html.j2")
        text = script_safe_json(payload)
        # gzip + base64 keeps a whole dataset with five languages inside the 500 KB budget; the browser inflates
        # it with the standard DecompressionStream. mtime=0 makes the output reproducible.
        self.encoding = "gzip-base64" if compress else "json"
        self.payload_json = (
            base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")
            if compress else text
        )
        self.noscript_text = noscript_text


def read_payload(html: str) -> dict[str, Any]:
    """The payload inside a map document (plain or gzip+base64): for tests, benchmarks and curious readers."""
    import re

    match = re.search(r'<script type="application/json" id="[^"]+" data-encoding="([a-z0-9-]+)">(.*?)</script>', html, re.S)
    if match is None:
        raise ValueError("no presence-map data block in this document")
    encoding, text = match.groups()
    if encoding == "gzip-base64":
        text = gzip.decompress(base64.b64decode(text)).decode("utf-8")
    return dict(json.loads(text))
