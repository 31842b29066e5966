"""geo.borders: every point and vertex on the side of the border its `country` list says, within 300 m."""

import pytest
from conftest import MANIFEST, make_feature
from shapely.geometry import LineString, Point

from geo.borders import CODES, OUTLINE_FILES, TOLERANCE_M, border_rules, load_outlines, regions_of
from geo.cli import main
from geo.config import Settings
from geo.io import load_catalog

GYUMRI = [43.8465, 40.7894]
STRICT = dict(MANIFEST, dataset=dict(MANIFEST["dataset"], borders={"tolerance_m": 300, "require_country": True}))


def problems(root):
    return [p for p in load_catalog(Settings(layers_dir=root)).problems if p.rule in ("border", "country")]


def test_a_point_in_its_country_passes(make_layers):
    assert problems(make_layers(bases=[make_feature(country=["AM"])])) == []


def test_swapped_lon_lat_inside_the_region_box_lands_in_russia(make_layers):
    swapped = make_feature(country=["AM"], geometry={"type": "Point", "coordinates": GYUMRI[::-1]})
    found = problems(make_layers(bases=[swapped]))
    assert [p.rule for p in found] == ["border", "country", "country"]
    assert "lies in RU" in found[0].detail and "country` (AM)" in found[0].detail
    assert "lists AM (Armenia) but no part of the feature is in it" in found[1].detail
    assert "lies in RU but `country` omits it" in found[2].detail


def test_a_point_on_the_iranian_bank_of_the_aras_is_caught(make_layers):
    # Nordooz, Iran, 2 km south of the Aras opposite Agarak (Armenia)
    nordooz = {"type": "Point", "coordinates": [46.17, 38.835]}
    found = problems(make_layers(bases=[make_feature(country=["AM"], geometry=nordooz)]))
    assert found and found[0].rule == "border" and "lies in IR" in found[0].detail


def test_a_segment_that_cuts_through_iran_is_caught_between_its_vertices(make_layers):
    # east of Meghri the Aras bends north (to 38.916 N at 46.35 E): a straight chord between two Armenian points
    # 0.8 km north of the river crosses about 1 km of Iran; the same road over a vertex north of the bend does not
    road = make_feature("cut", kind="road", country=["AM"],
                        geometry={"type": "LineString", "coordinates": [[46.30, 38.908], [46.40, 38.907]]})
    ok = make_feature("ok", kind="road", country=["AM"],
                      geometry={"type": "LineString",
                                "coordinates": [[46.30, 38.908], [46.35, 38.926], [46.40, 38.907]]})
    found = problems(make_layers(roads=[road, ok]))
    assert [(p.feature, p.rule) for p in found] == [("cut", "border"), ("cut", "country")]
    assert "lies in IR but `country` omits it" in found[1].detail
    assert "between vertices" in found[0].detail


def test_tolerance_is_300_m_in_utm_38n(make_layers):
    outlines = load_outlines(OUTLINE_FILES)
    assert TOLERANCE_M == 300
    # walk north from inside Armenia across the Armenia-Georgia border near Bavra until Armenia is more than 300 m away
    lon, lat = 43.63, 41.0
    while "GE" not in regions_of(Point(lon, lat), outlines)[1]:
        lat += 0.0005
    near, deep = regions_of(Point(lon, lat), outlines)
    assert "AM" not in near and "GE" in deep
    crossed = {"type": "Point", "coordinates": [lon, round(lat, 6)]}
    assert problems(make_layers(bases=[make_feature(country=["AM"], geometry=crossed)]))
    # 150 m back south: within the tolerance of Armenia again
    back = round(lat - 0.0035, 6)
    assert "AM" in regions_of(Point(lon, back), outlines)[0]


def test_a_code_the_feature_never_reaches_and_an_unknown_code(make_layers):
    root = make_layers(bases=[make_feature("a", country=["AM", "GE"]), make_feature("b", country=["XX"])])
    found = problems(root)
    assert [(p.feature, p.rule) for p in found] == [("a", "country")] and "lists GE" in found[0].detail
    schema = [p for p in load_catalog(Settings(layers_dir=root)).problems if p.rule == "schema"]
    assert [p.feature for p in schema] == ["b"]


def test_areas_must_be_named_where_they_matter(make_layers):
    gudauta = {"type": "Point", "coordinates": [40.62067, 43.10547]}
    found = problems(make_layers(bases=[make_feature(country=["GE"], geometry=gudauta)]))
    assert [p.rule for p in found] == ["country"] and "GE-AB" in found[0].detail
    assert problems(make_layers(bases=[make_feature(country=["GE", "GE-AB"], geometry=gudauta)])) == []


def test_a_lake_inside_a_country_is_in_it(make_layers):
    sevan = {"type": "Point", "coordinates": [45.25, 40.35]}  # the middle of Lake Sevan
    assert problems(make_layers(bases=[make_feature(country=["AM"], geometry=sevan)])) == []


def test_a_dataset_can_require_the_country_list(make_layers):
    assert problems(make_layers(bases=[make_feature()])) == []
    found = problems(make_layers(manifest=STRICT, bases=[make_feature()]))
    assert [p.rule for p in found] == ["country"] and "it lies in AM" in found[0].detail
    assert border_rules(STRICT).require_country and not border_rules(MANIFEST).require_country


def test_validate_prints_file_feature_rule_detail(make_layers, capsys):
    swapped = make_feature("swapped-gyumri", country=["AM"], geometry={"type": "Point", "coordinates": GYUMRI[::-1]})
    root = make_layers(bases=[swapped])
    assert main(["validate", "--layers", str(root)]) == 1
    out = capsys.readouterr()
    assert "layers/bases.geojson: swapped-gyumri: border: the point (40.78940, 43.84650) lies in RU" in out.out + out.err


def test_every_code_is_documented():
    import json

    from conftest import LAYERS

    schema = json.loads((LAYERS / "schema" / "feature.schema.json").read_text(encoding="utf-8"))
    assert set(schema["$defs"]["country_code"]["enum"]) == set(CODES)
    readme = (LAYERS / "README.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in readme for code in CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_an_outline(code):
    outlines = load_outlines(OUTLINE_FILES)
    assert outlines.regions[code].area > 1e8  # > 100 km², in m² (EPSG:32638)


def test_regions_of_a_line_lists_what_it_crosses():
    outlines = load_outlines(OUTLINE_FILES)
    _, deep = regions_of(LineString([[44.5, 40.2], [46.75, 39.82]]), outlines)  # Yerevan to Stepanakert
    assert {"AM", "AZ", "AZ-NK20"} <= deep
