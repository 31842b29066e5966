import datetime as dt

from geo.config import Settings
from geo.io import load_catalog
from geo.view import View
from geo.state import MapState, state_from_component, state_from_query, state_to_query

TODAY = dt.date(2026, 11, 22)


def catalog(small_layers):
    cat = load_catalog(Settings(layers_dir=small_layers)).catalog
    return {"first": cat.dataset.first_date, "layer_ids": [layer.id for layer in cat.layers]}


def test_round_trip(small_layers):
    cat = catalog(small_layers)
    state = MapState(day=dt.date(2021, 5, 1), lang="ru", layers=frozenset({"roads"}), view=View(39.8, 46.7, 9), swap=True)
    query = state_to_query(state)
    assert query == {"date": "2021-05-01", "lang": "ru", "layers": "roads", "view": "39.8000,46.7000,9", "swap": "1"}
    parsed, notices = state_from_query(query, **cat, today=TODAY)
    assert parsed == state and notices == ()


def test_bad_date_falls_back_with_a_notice(small_layers):
    cat = catalog(small_layers)
    for bad in ("2021-02-30", "yesterday", "2999-01-01", "1800-01-01", "<script>"):
        state, notices = state_from_query({"date": bad}, **cat, today=TODAY)
        assert state.day == TODAY
        (notice,) = notices
        assert notice.key == "bad_url_date" and notice.values["value"] == bad


def test_unknown_language_layers_and_view_are_ignored(small_layers):
    cat = catalog(small_layers)
    state, _ = state_from_query({"lang": "xx", "layers": "roads,nope", "view": "a,b,c"}, **cat, today=TODAY)
    assert state.lang == "en" and state.layers == frozenset({"roads"}) and state.view is None


def test_component_value(small_layers):
    cat = catalog(small_layers)
    current = MapState(day=dt.date(2020, 1, 1))
    value = {"date": "2022-08-26", "day": 0, "lang": "hy", "layers": ["bases"], "swap": False,
             "view": {"lat": 40.1, "lon": 45.2, "zoom": 8}}
    state = state_from_component(value, current, **cat, today=TODAY)
    assert state == MapState(day=dt.date(2022, 8, 26), lang="hy", layers=frozenset({"bases"}), view=View(40.1, 45.2, 8))
    assert state_from_component(None, current, **cat, today=TODAY) is current
    assert state_from_component({"date": "bad"}, current, **cat, today=TODAY) is current


def test_chapter_numbers_are_parsed_strictly(small_layers):
    from geo.state import parse_chapter

    cat = catalog(small_layers)
    for bad in ("²", "٣", "1" * 5000, "0", "-1", "07", "1e3", " 1", "1\n", "", "1000"):
        assert parse_chapter(bad) is None, bad
        state, _ = state_from_query({"chapter": bad}, **cat, today=TODAY)
        assert state.chapter is None
    assert parse_chapter("1") == 1 and parse_chapter("999") == 999


def test_impossible_days_in_the_link_fall_back_with_a_notice(small_layers):
    cat = catalog(small_layers)
    for bad in ("2023-00-00", "2023-01-00", "2023-00-15", "٢٠٢٣-٠١-٠١", "2023-01-01T00"):
        state, notices = state_from_query({"date": bad}, **cat, today=TODAY)
        assert state.day == TODAY and [n.key for n in notices] == ["bad_url_date"], bad


def test_a_notice_escapes_the_link_for_markdown(small_layers):
    cat = catalog(small_layers)
    _, (notice,) = state_from_query({"date": "[Log in](https://evil.example)"}, **cat, today=TODAY)
    assert "[Log in](https://evil.example)" in notice.text("en")  # plain text
    assert "\\[Log in\\]\\(https\\:" in notice.markdown("en")  # Markdown: every special escaped
