import datetime as dt

from geo.config import Settings
from geo.io import load_catalog
from geo.panels import change_items, events_near, layer_title, on_map_rows, personnel_series
from tests.conftest import MANIFEST, make_feature


def test_rows_follow_the_date_and_the_language(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    rows = on_map_rows(cat, dt.date(2021, 1, 1), lang="ru")
    assert [r.id for r in rows] == ["test-road", "test-corridor"]
    assert rows[0].dates.replace("\u202f", " ") == "10 ноября 2020 г. – 26 августа 2022 г."
    assert rows[0].kind != "Road" and rows[0].kind.strip()  # the kind is translated
    assert on_map_rows(cat, dt.date(2021, 1, 1), lang="en", layers=frozenset({"bases"})) == []


def test_events_near_and_personnel(make_layers):
    manifest = dict(MANIFEST, layers=[*MANIFEST["layers"], {"id": "events", "title": "Events", "description": "e",
                                                           "order": 3, "visible": True, "style": {"color": "#000000"}}])
    events = [make_feature("ev-a", kind="event", start="2020-11-10", end="2020-11-10"),
              make_feature("ev-b", kind="event", start="2023-09-19", end="2023-09-19")]
    base = make_feature("b", figures=[{"label": "personnel", "value": 4000, "as_of": "2021", "source": 0},
                                      {"label": "vehicles", "value": 10, "as_of": "2021", "source": 0}])
    cat = load_catalog(Settings(layers_dir=make_layers(manifest=manifest, bases=[base], roads=[], events=events))).catalog
    near = events_near(cat, dt.date(2021, 3, 1), lang="en")
    assert [e.id for e in near] == ["ev-a"] and near[0].days_away < 0 and near[0].date == "10 November 2020"
    (point,) = personnel_series(cat, lang="en")
    assert (point.as_of, point.value) == (dt.date(2021, 1, 1), 4000)


def test_a_figure_repeated_on_several_features_is_charted_once(make_layers):
    fig = {"label": "personnel", "value": 1960, "as_of": "2020-11-10", "source": 0, "note": "Point 3."}
    first = make_feature("zone-a", start="2020-11-10", end="2022-03-23", figures=[fig])
    estimate = {"label": "personnel", "value": 2000, "approx": True, "as_of": "2022-05", "source": 0}
    later = make_feature("zone-b", start="2022-03-24", end=None, figures=[fig, estimate])
    cat = load_catalog(Settings(layers_dir=make_layers(bases=[later, first], roads=[]))).catalog
    points = personnel_series(cat, lang="en")
    assert [(p.feature_id, p.value) for p in points] == [("zone-a", 1960), ("zone-b", 2000)]
    exact, approx = points
    assert (exact.approx, approx.approx) == (False, True)
    assert exact.as_of_words == "10 November 2020" and approx.as_of_words == "May 2022"
    assert (exact.publisher, exact.title, exact.source_date) == ("A publisher", "A source", "2 January 2010")
    assert exact.note == "Point 3." and approx.note == ""


def test_change_items_in_words(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    road = cat.feature("test-road")
    (began,) = change_items((road,), cat, lang="en")
    (ended,) = change_items((road,), cat, lang="en", ended=True)
    assert (began.name, began.when, ended.when) == ("Test base test-road", "10 November 2020", "26 August 2022")
    assert began.layer == "Roads"  # a layer our translations do not know: the manifest's title
    assert layer_title("lachin_corridor", cat, "ru") != "layer.lachin_corridor"
