"""The Streamlit shell, through Streamlit's AppTest (no browser): URL state, panels, notices, downloads."""

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.i18n import date_words

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def run(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [h.value for h in at.subheader] + [c.value for c in at.caption])


def test_date_from_the_url_drives_the_panels():
    at = run(date="2021-01-01")
    assert at.subheader[0].value == "1 January 2021"
    assert "On the map on 1 January 2021" in texts(at)
    table = at.dataframe[0].value
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
    table = at.dataframe[0].value
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


def test_presentation_mode_leaves_only_the_map():
    at = run(date="2021-01-01")
    at.toggle(key="presentation").set_value(True).run()
    assert not at.exception
    assert len(at.subheader) == 0 and len(at.title) == 0 and len(at.dataframe) == 0


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
