"""What changed between two dates (geo.changes): appeared and ended, in time order, the last change on a first visit."""

import datetime as dt

import pytest

from geo.changes import change_days, changes_between, changes_for, previous_change, shown_layers
from geo.config import Settings
from geo.io import load_catalog
from tests.conftest import MANIFEST, make_feature

D = dt.date


@pytest.fixture
def catalog(make_layers):
    """A base Aug 2008 – 2010, a road 10 Nov 2020 – 26 Aug 2022, a bypass from 26 Aug 2022 (open), a hidden layer."""
    manifest = dict(MANIFEST, layers=[*MANIFEST["layers"], {"id": "hidden", "title": "Hidden", "description": "h",
                                                           "order": 3, "visible": False, "style": {"color": "#000000"}}])
    line = {"type": "LineString", "coordinates": [[46.34168, 39.51111], [46.54694, 39.64083]]}
    road = make_feature("road", kind="road", start="2020-11-10", end="2022-08-26", geometry=line)
    bypass = make_feature("bypass", kind="road", start="2022-08-26", end=None, geometry=line)
    hidden = make_feature("hidden-base", start="2021-01-01", end=None)
    root = make_layers(manifest=manifest, bases=[make_feature("base")], roads=[road, bypass], hidden=[hidden])
    result = load_catalog(Settings(layers_dir=root))
    assert result.problems == ()
    return result.catalog


def ids(features):
    return [f.id for f in features]


def test_change_days_are_first_days_and_the_days_after_last_days(catalog):
    # base: 2008-08-01 .. 2010-12-31; road: 2020-11-10 .. 2022-08-26; bypass from 2022-08-26; the hidden layer not
    assert change_days(catalog) == (D(2008, 8, 1), D(2011, 1, 1), D(2020, 11, 10), D(2022, 8, 26), D(2022, 8, 27))
    assert D(2021, 1, 1) in change_days(catalog, layers=frozenset({"hidden"}))


def test_previous_change(catalog):
    assert previous_change(catalog, D(2008, 7, 31)) is None
    assert previous_change(catalog, D(2008, 8, 1)) == D(2008, 8, 1)
    assert previous_change(catalog, D(2021, 6, 1)) == D(2020, 11, 10)
    assert previous_change(catalog, D(2030, 1, 1)) == D(2022, 8, 27)


def test_a_move_forward_lists_what_appeared_and_what_ended(catalog):
    found = changes_between(catalog, D(2010, 6, 1), D(2021, 6, 1))
    assert (found.start, found.end, found.moved_back) == (D(2010, 6, 1), D(2021, 6, 1), False)
    assert ids(found.appeared) == ["road"] and ids(found.ended) == ["base"]
    assert not found.empty


def test_a_move_back_is_put_in_time_order(catalog):
    back = changes_between(catalog, D(2023, 1, 1), D(2021, 6, 1))
    assert (back.start, back.end, back.moved_back) == (D(2021, 6, 1), D(2023, 1, 1), True)
    assert ids(back.appeared) == ["bypass"] and ids(back.ended) == ["road"]  # began / ended between the two dates


def test_the_handover_day_shows_both_roads_then_one(catalog):
    # 26 Aug 2022: the road's last day and the bypass's first: both on the map (the temporal rule is inclusive)
    found = changes_between(catalog, D(2022, 8, 26), D(2022, 8, 27))
    assert ids(found.appeared) == [] and ids(found.ended) == ["road"]
    assert ids(changes_between(catalog, D(2022, 8, 25), D(2022, 8, 26)).appeared) == ["bypass"]


def test_only_the_layers_shown_count(catalog):
    assert shown_layers(catalog, None) == frozenset({"bases", "roads"})
    assert ids(changes_between(catalog, D(2020, 12, 1), D(2021, 6, 1)).appeared) == []
    hidden = changes_between(catalog, D(2020, 12, 1), D(2021, 6, 1), layers=frozenset({"hidden"}))
    assert ids(hidden.appeared) == ["hidden-base"]
    assert changes_between(catalog, D(2010, 6, 1), D(2021, 6, 1), layers=frozenset()).empty


def test_changes_for_a_reader_who_moved(catalog):
    found = changes_for(catalog, D(2021, 6, 1), previous=D(2010, 6, 1))
    assert found is not None and not found.last_change and ids(found.appeared) == ["road"]


def test_changes_for_a_first_visit_frame_the_last_change(catalog):
    found = changes_for(catalog, D(2021, 6, 1))
    assert found is not None and found.last_change
    assert (found.start, found.end) == (D(2020, 11, 9), D(2020, 11, 10))
    assert ids(found.appeared) == ["road"] and ids(found.ended) == []
    same = changes_for(catalog, D(2011, 1, 1), previous=D(2011, 1, 1))  # back where they were: as a first visit
    assert same is not None and same.last_change and ids(same.ended) == ["base"]


def test_nothing_to_compare_before_the_first_feature(catalog):
    assert changes_for(catalog, D(2000, 1, 1)) is None
    assert changes_for(catalog, D(2000, 1, 1), previous=D(2001, 1, 1)).empty


def test_the_shipped_data_on_the_ceasefire_day(shipped_catalog):
    found = changes_for(shipped_catalog, D(2020, 11, 10), previous=D(2020, 11, 9))
    appeared = ids(found.appeared)
    assert "nk-peacekeeping-zone-2020" in appeared and "lachin-road-2020" in appeared
    assert all(f.interval.first == D(2020, 11, 10) for f in found.appeared)
    assert all(f.interval.last == D(2020, 11, 9) for f in found.ended)


@pytest.fixture(scope="module")
def shipped_catalog():
    return load_catalog(Settings()).catalog
