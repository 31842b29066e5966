"""User layers in the map document: each packed layer in an inert block of its own after the dataset's (script-safe,
decodable back to the same payload), the main payload carrying only their style and facts, the slider starting no
later than their first day, and ids that clash refused."""

import datetime as dt
import re

import pytest

from geo.config import Settings
from geo.elements import read_payload, read_user_blocks
from geo.io import load_catalog
from geo.render import MapOptions, build_document, build_payload
from geo.userlayer import decode_payload
from geo.userlayer.onmap import MapUserLayer
from geo.userlayer.payload import build_payload as pack
from tests.test_userlayer_payload import points_layer

TODAY = dt.date(2026, 1, 1)


@pytest.fixture
def catalog(small_layers):
    return load_catalog(Settings(layers_dir=small_layers)).catalog


def styled(n=40, **kw):
    return MapUserLayer(pack(points_layer(n)), title=kw.pop("title", "Shelling"), color="#C51B7D", **kw)


def test_each_layer_travels_in_its_own_block_and_decodes_back(catalog):
    a, b = styled(40), MapUserLayer(pack(points_layer(3000, seed=2)), title="Big", color="#7B3294", symbol="cross")
    b = MapUserLayer({**b.payload, "layer": {**b.payload["layer"], "id": "pts-2"}}, title="Big", color="#7B3294",
                     symbol="cross")
    html = build_document(catalog, MapOptions(day=dt.date(2021, 1, 1), user_layers=(a, b)), today=TODAY)
    main = read_payload(html)
    assert [u["id"] for u in main["user_layers"]] == ["pts", "pts-2"]
    assert main["user_layers"][1] | {"bbox": None} == {
        "id": "pts-2", "title": "Big", "color": "#7b3294", "symbol": "cross", "renderer": "canvas", "count": 3000,
        "file": "pts.csv", "geometry": "points", "bbox": None, "block": 1}
    assert "data" not in str(main["user_layers"])
    blocks = read_user_blocks(html)
    assert [blk["layer"]["id"] for blk in blocks] == ["pts", "pts-2"]
    for blk, layer in zip(blocks, (a, b), strict=True):
        assert blk == dict(layer.payload)
        assert decode_payload(blk).columns["x"].shape == (layer.count,)
    # the blocks come after the dataset's, named after it: <main id>-user-<i>
    ids = re.findall(r'<script type="application/json" id="([^"]+)"', html)
    assert ids[1:] == [ids[0].removesuffix("-data") + f"-user-{i}" for i in (0, 1)]


def test_text_in_a_block_cannot_close_the_script(catalog):
    hostile = '</script><img src=x onerror=alert(1)>&amp;'
    layer = styled(5, title=hostile)
    payload = dict(layer.payload)
    payload["layer"] = {**payload["layer"], "title": hostile, "file": hostile}
    layer = MapUserLayer(payload, title=hostile, color="#C51B7D")
    html = build_document(catalog, MapOptions(day=dt.date(2021, 1, 1), user_layers=(layer,)), today=TODAY)
    assert "<img src=x" not in html
    assert html.count("</script>") == html.count("<script")
    assert read_user_blocks(html)[0]["layer"]["title"] == hostile
    assert read_payload(html)["user_layers"][0]["title"] == hostile


def test_without_user_layers_the_document_has_no_block(catalog):
    html = build_document(catalog, MapOptions(day=dt.date(2021, 1, 1)), today=TODAY)
    assert read_user_blocks(html) == []
    assert read_payload(html)["user_layers"] == []


def test_the_slider_starts_no_later_than_the_layers_first_day(catalog):
    layer = styled(40)
    first_user = layer.days()[0]
    plain = build_payload(catalog, MapOptions(day=dt.date(2021, 1, 1)), today=TODAY)
    assert plain["range"]["min"] > first_user  # the small dataset starts in 2008; the points start in 1991
    payload = build_payload(catalog, MapOptions(day=dt.date(2021, 1, 1), user_layers=(layer,)), today=TODAY)
    assert payload["range"]["min"] == first_user
    ranged = build_payload(catalog, MapOptions(day=dt.date(2021, 1, 1), first=dt.date(2015, 1, 1), user_layers=(layer,)),
                           today=TODAY)
    assert ranged["range"]["min"] > first_user  # --from wins


def test_clashing_ids_are_refused(catalog):
    layer = styled(5)
    with pytest.raises(ValueError, match="already used"):
        build_payload(catalog, MapOptions(day=dt.date(2021, 1, 1), user_layers=(layer, layer)), today=TODAY)
    payload = dict(layer.payload)
    payload["layer"] = {**payload["layer"], "id": "bases"}  # a dataset layer's id
    with pytest.raises(ValueError, match="already used"):
        build_payload(catalog, MapOptions(day=dt.date(2021, 1, 1),
                                          user_layers=(MapUserLayer(payload, title="T", color="#123456"),)), today=TODAY)
