import datetime as dt

from geo.config import Settings
from geo.io import load_catalog
from geo.panels import events_near, on_map_rows, personnel_series
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
