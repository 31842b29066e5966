"""The app's upload of a reader's own layer, through AppTest (no browser): the report of left-out rows as text, the
layer handed to the map as data, the column selects, and two sessions that never see each other's upload, with nothing
of it written to disk. ("Download this map" with the layer: tests/browser/test_app_userlayer.py.)"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
FIXTURES = Path(__file__).parent / "fixtures" / "userlayers"
MARKER = "Zq7unique-village"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """Every file the app may write goes under tmp_path (its cache, temporary files): the test looks at them all."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return tmp_path


def session(date="2021-06-01"):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["date"] = date
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at, name, data):
    at.file_uploader(key="user_layer_file").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def map_args(at):
    (component,) = at.get("component_instance")
    import json

    return json.loads(component.proto.json_args)


def csv_bytes():
    rows = ["id,name,lat,lon,start,end", f"v1,{MARKER},40.9,45.2,2021-05-01,2021-07-01",
            "v2,<b>Bad</b>,40.9,45.3,2021-02-30,", "v3,Later,41.0,45.1,2022,"]
    return ("\n".join(rows) + "\n").encode("utf-8")


def test_the_upload_reaches_the_map_and_the_report_is_text():
    at = upload(session(), "villages.csv", csv_bytes())
    report = [t.value for t in at.text]
    assert "villages.csv: 2 of 3 rows are on the slider, 1 left out." in report
    assert "villages.csv:3:start: date: start: '2021-02-30' is not a calendar date" in at.code[0].value
    assert "50 MB" in at.file_uploader(key="user_layer_file").proto.label
    (layer,) = map_args(at)["user_layers"]
    assert (layer["id"], layer["title"], layer["count"], layer["renderer"]) == ("villages", "villages.csv", 2, "svg")
    assert layer["payload"]["format"] == "presence-map/user-layer"
    # style changes reach the map; the read is not repeated for them
    at.text_input(key="user_layer_title").set_value("Shelled villages").run()
    at.selectbox(key="user_layer_symbol").set_value("cross").run()
    (layer,) = map_args(at)["user_layers"]
    assert (layer["title"], layer["symbol"]) == ("Shelled villages", "cross")
    # removing the file removes the layer
    at.file_uploader(key="user_layer_file").set_value(None).run()
    assert map_args(at)["user_layers"] == []
    assert "user_layer" not in at.session_state


def test_columns_not_found_by_name_are_chosen_with_selects():
    data = "Titel;Breite;Länge;Datum\nA;40.9;45.2;2021-05-01\n".encode()
    at = upload(session(), "de.csv", data)
    assert "cannot be used" in at.error[0].value
    assert map_args(at)["user_layers"] == []
    at.selectbox(key="user_map_lat").set_value("Breite")
    at.selectbox(key="user_map_lon").set_value("Länge")
    at.selectbox(key="user_map_date").set_value("Datum")
    at.selectbox(key="user_map_name").set_value("Titel").run()
    assert not at.exception
    (layer,) = map_args(at)["user_layers"]
    assert layer["count"] == 1


def test_two_sessions_never_see_each_others_upload_and_nothing_reaches_the_disk(private_dirs):
    first = upload(session(), "villages.csv", csv_bytes())
    second = session()
    assert [u["id"] for u in map_args(first)["user_layers"]] == ["villages"]
    assert map_args(second)["user_layers"] == []
    assert "user_layer" not in second.session_state
    second.run()
    assert map_args(second)["user_layers"] == []
    other = upload(second, "other.csv", b"lat,lon,date\n41.5,44.5,2020-01-01\n")
    assert [u["id"] for u in map_args(other)["user_layers"]] == ["other"]
    first.run()
    assert [u["id"] for u in map_args(first)["user_layers"]] == ["villages"]
    # the app wrote its dataset document to its cache; nothing written anywhere holds the reader's data
    written = [p for p in private_dirs.rglob("*") if p.is_file()]
    assert written, "the app's document cache should be under XDG_CACHE_HOME"
    for path in written:
        assert MARKER.encode() not in path.read_bytes(), path
