"""The Streamlit shell, through Streamlit's AppTest (no browser): URL state, panels, notices, downloads, what the
map reports (language, date, presentation mode: set as the component's value), the page's style."""

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import date_words, strings

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [h.value for h in at.subheader] + [c.value for c in at.caption]
                     + [e.label for e in at.expander])


def param(at: AppTest, key: str) -> str:
    """A URL query parameter the app set (AppTest gives a list or a string)."""
    value = at.query_params[key]
    return value if isinstance(value, str) else value[0]


def on_map_table(at: AppTest):
    """The text alternative's table (the one with a Layer column; the chart's table has none)."""
    (table,) = [d.value for d in at.dataframe if "Layer" in d.value.columns]
    return table


def report(at: AppTest, **value: object) -> AppTest:
    """The map reports its state (what the bridge sends when the reader lets go), and the script reruns."""
    state = {"date": param(at, "date"), "lang": "en", "layers": None, "swap": False, "presenting": False}
    at.session_state["map"] = {**state, **value}
    at.run()
    assert not at.exception, at.exception
    return at


def changes_text(at: AppTest) -> str:
    (panel,) = [e for e in at.expander if e.label in ("What changed", "Что изменилось")]
    return "\n".join(m.value for m in panel.markdown) + "\n".join(c.value for c in panel.caption)


def test_date_from_the_url_drives_the_panels():
    at = run(date="2021-01-01")
    assert at.subheader[0].value == "1 January 2021"
    assert "On the map on 1 January 2021 — " in texts(at)
    table = on_map_table(at)
    names = " ".join(table.iloc[:, 0])
    assert "Stepanakert / Khankendi" in names  # contested names side by side
    assert len(table) >= 20
    assert at.query_params["date"] == ["2021-01-01"] or at.query_params["date"] == "2021-01-01"


def test_language_from_the_url():
    at = run(date="2008-08-20", lang="ru")
    assert at.subheader[0].value == date_words(dt.date(2008, 8, 20), "ru")
    assert at.title[0].value.startswith("Российское")


@pytest.mark.parametrize("bad", ["2021-02-30", "tomorrow", "2999-01-01", "<script>alert(1)</script>", "2023-00-00",
                                 "2023-01-00"])
def test_bad_date_falls_back_with_a_visible_notice(bad):
    at = run(date=bad)
    assert at.subheader[0].value == date_words(dt.date.today(), "en")
    (warning,) = at.warning
    assert "not a valid day" in warning.value


def test_events_near_the_date_and_layers_from_the_url():
    at = run(date="2022-12-20", layers="lachin_corridor")
    table = on_map_table(at)
    assert set(table.iloc[:, 3]) == {"Lachin corridor (2020–2023)"}
    assert "12 December 2022" in texts(at)  # the blockade, an event near the date


def test_downloads_are_offered():
    at = run(date="2021-01-01")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download this date as GeoJSON", "Download this date as CSV",
                      "Download this map (HTML, works offline)"]


def test_no_state_leaks_between_sessions():
    first = run(date="2010-05-05", lang="hy")
    second = run()
    assert second.subheader[0].value == date_words(dt.date.today(), "en")
    assert first.subheader[0].value == date_words(dt.date(2010, 5, 5), "hy")


def test_a_link_to_a_chapter_opens_at_its_date():
    at = run(chapter="6")
    assert at.subheader[0].value == "10 November 2020"


def test_presentation_mode_follows_the_map_and_leaves_only_the_map():
    at = run(date="2021-01-01")
    assert "stSidebar" not in page_style(at)
    report(at, presenting=True)
    assert len(at.subheader) == 0 and len(at.title) == 0 and len(at.dataframe) == 0 and len(at.expander) == 0
    assert '[data-testid="stSidebar"]' in page_style(at)  # app-presentation.css: no sidebar, no header
    report(at, presenting=False)
    assert at.title[0].value == "Russian military presence in the South Caucasus" and len(at.subheader) == 1


def page_style(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html") if "<style>" in h.proto.body)


def test_one_language_control_the_map_s_and_the_page_follows_it():
    at = run(date="2020-11-10")
    assert len(at.selectbox) == 0  # the language is chosen in the map only
    report(at, lang="ru")
    assert at.title[0].value == strings("ru")("app_title")  # the page title (and the tab's) follow at once
    assert param(at, "lang") == "ru" and param(at, "date") == "2020-11-10"
    assert at.subheader[0].value == date_words(dt.date(2020, 11, 10), "ru")
    assert "Что изменилось" in [e.label for e in at.expander]


def test_what_changed_since_the_date_the_reader_came_from():
    at = run(date="2020-11-09")
    report(at, date="2020-11-10")
    text = changes_text(at)
    assert "Since 9 November 2020" in text and "Appeared: " in text
    assert "- Ceasefire statement ends the 2020 war\n" in text  # one day: the date is in the lead, not repeated
    report(at, date="2019-06-01")  # back in time: the two dates in time order, "appeared" still means began
    text = changes_text(at)
    assert "Between 1 June 2019 and 10 November 2020" in text and "Appeared: " in text
    assert "Ceasefire statement ends the 2020 war — from 10 November 2020" in text


def test_what_changed_on_a_first_visit_is_the_last_change():
    text = changes_text(run(date="2020-11-10"))
    assert "On this date" in text and "Appeared: " in text
    from geo.changes import change_days
    from geo.config import Settings
    from geo.io import load_catalog

    days = change_days(load_catalog(Settings()).catalog)
    quiet = next(d + dt.timedelta(days=1) for d, after in zip(days, days[1:], strict=False)
                 if d >= dt.date(2021, 1, 1) and (after - d).days > 1)
    text = changes_text(run(date=(quiet).isoformat()))
    assert f"The last change before this date, on {date_words(quiet - dt.timedelta(days=1), 'en')}" in text


def test_a_bad_report_from_the_map_changes_nothing():
    at = run(date="2021-01-01", lang="hy")
    report(at, date="2999-01-01", lang="xx", layers="nope", presenting="yes")
    assert at.subheader[0].value == date_words(dt.date(2021, 1, 1), "hy")
    assert param(at, "date") == "2021-01-01" and param(at, "lang") == "hy"
    assert len(at.title) == 1  # "yes" is not a boolean: not in presentation mode


def test_the_chart_and_its_table():
    at = run(date="2022-12-12")
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["layer"][1]["encoding"]["y"]["scale"]["type"] == "log"
    report(at, date="2021-01-01")
    (moved,) = at.get("vega_lite_chart")
    assert moved.proto.spec == chart.proto.spec  # a new date is new data, the same spec: the chart is updated
    table = [d for d in at.dataframe if "Figure" in d.value.columns][0].value
    assert len(table) >= 15 and table["Sources"].str.len().min() > 0


def test_the_page_style_survives_streamlit_s_sanitiser():
    # DOMPurify drops a <style> whose text looks like it holds a tag (the first version of app.css said "<key>")
    for name in ("app.css", "app-presentation.css"):
        assert "<" not in (Path(APP).parent / name).read_text(encoding="utf-8"), name


def test_an_unreadable_layers_folder_is_a_notice_not_a_traceback(tmp_path, monkeypatch):
    import os
    import shutil

    from geo.config import DEFAULT_LAYERS_DIR

    root = tmp_path / "layers"
    shutil.copytree(DEFAULT_LAYERS_DIR, root)
    if os.geteuid() == 0:  # root reads anything: refuse the listing the way chmod 000 would
        real = os.listdir

        def refuse(path="."):
            if os.fspath(path) == os.fspath(root):
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(os, "listdir", refuse)
    else:
        root.chmod(0)
    monkeypatch.setenv("PRESENCE_MAP_LAYERS", str(root))
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
    finally:
        root.chmod(0o755)
    assert not at.exception
    assert "layers: -: unreadable: cannot read the layers folder" in "\n".join(c.value for c in at.code)
