"""The command line through main(argv): validate, list, export (GeoJSON, CSV)."""

import csv
import io
import json

import pytest

from geo.cli import main
from tests.conftest import make_feature


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_validate_passes_on_good_data(small_layers):
    code, out, _ = run("validate", "--layers", str(small_layers))
    assert code == 0
    assert "2 file(s), 3 feature(s) checked, 0 problem(s)" in out


def test_validate_fails_and_prints_file_feature_rule(make_layers):
    root = make_layers(bases=[make_feature("bad", start="2020", end="2019")], roads=[])
    code, out, err = run("validate", "--layers", str(root))
    assert code == 1
    assert "layers/bases.geojson: bad: date-order: end 2019 is before start 2020" in out
    assert "1 problem(s)" in err


def test_validate_fails_when_it_checked_nothing(tmp_path):
    code, _, err = run("validate", "--layers", str(tmp_path))
    assert code == 1
    assert "no layer file checked" in err


def test_list_a_day(small_layers):
    code, out, _ = run("list", "--layers", str(small_layers), "--date", "2021-05-01")
    assert code == 0
    assert "On the map on 2021-05-01: 2 feature(s)" in out
    assert "test-road" in out and "test-corridor" in out and "test-base" not in out


def test_export_geojson_keeps_properties_and_adds_layer(small_layers, tmp_path):
    target = tmp_path / "day.geojson"
    code, _, err = run("export", "--layers", str(small_layers), "--format", "geojson", "--date", "2009-03-01",
                       "--output", str(target))
    assert code == 0 and "wrote 1 feature(s)" in err
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    (feature,) = doc["features"]
    assert feature["properties"]["layer"] == "bases"
    assert feature["properties"]["sources"][0]["url"] == "https://example.org/a"
    assert feature["geometry"] == {"type": "Point", "coordinates": [43.8465, 40.7894]}


def test_export_geojson_to_stdout_by_default(small_layers):
    code, out, _ = run("export", "--layers", str(small_layers), "--format", "geojson", "--date", "2021-01-01")
    assert code == 0
    ids = [f["properties"]["id"] for f in json.loads(out)["features"]]
    assert ids == ["test-road", "test-corridor"]
    corridor = json.loads(out)["features"][1]
    assert corridor["geometry"]["type"] == "Polygon"


def test_export_csv_one_row_per_feature_with_wkt(small_layers):
    code, out, _ = run("export", "--layers", str(small_layers), "--format", "csv", "--date", "2021-01-01")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["test-road", "test-corridor"]
    assert rows[0]["wkt"].startswith("LINESTRING (46.34168 39.51111")
    assert rows[1]["wkt"].startswith("POLYGON")
    assert float(rows[0]["length_km"]) > 40
    assert "https://example.org/a" in rows[0]["sources"]


def test_export_only_some_layers(small_layers):
    code, out, _ = run("export", "--layers", str(small_layers), "--format", "geojson", "--date", "2021-01-01",
                       "--only", "bases")
    assert code == 0 and json.loads(out)["features"] == []
    code, _, err = run("export", "--layers", str(small_layers), "--format", "csv", "--only", "nope")
    assert code == 2 and "unknown layer(s) nope" in err


@pytest.mark.parametrize(("date", "words"), [("2020-13-01", "not"), ("2020-11", "full day"), ("2999-01-01", "after today")])
def test_bad_date_is_a_usage_error_not_a_traceback(small_layers, date, words):
    code, _, err = run("list", "--layers", str(small_layers), "--date", date)
    assert code == 2
    assert err.startswith("error: --date") and words in err
    assert "Traceback" not in err


def test_missing_folder_and_bad_command(tmp_path):
    code, _, err = run("list", "--layers", str(tmp_path / "nope"))
    assert code == 2 and "is not a folder" in err
    assert run("fly")[0] == 2


def test_export_html_self_contained_with_range_and_embed(small_layers, tmp_path):
    from geo.elements import read_payload
    from geo.temporal import day_number

    target = tmp_path / "map.html"
    code, out, err = run("export", "--layers", str(small_layers), "--format", "html", "--from", "2020-01-01",
                         "--to", "2023-12-31", "--date", "2021-05-01", "--lang", "ka", "--title", "Test <map>",
                         "--output", str(target), "--embed")
    assert code == 0 and "works offline" in err
    html = target.read_text(encoding="utf-8")
    payload = read_payload(html)
    assert payload["range"] == {"min": day_number(__import__("datetime").date(2020, 1, 1)),
                                "max": day_number(__import__("datetime").date(2023, 12, 31))}
    assert payload["initial"]["lang"] == "ka" and '<html lang="ka">' in html
    assert "<title>Test &lt;map&gt;</title>" in html
    assert '<iframe src="map.html" title="Test &lt;map&gt;"' in out and "width:100%" in out


def test_export_each_event(make_layers, tmp_path):
    from tests.conftest import MANIFEST

    manifest = dict(MANIFEST, layers=[*MANIFEST["layers"], {"id": "events", "title": "Events", "description": "e",
                                                           "order": 3, "visible": True, "style": {"color": "#000000"}}])
    events = [make_feature("ev-a", kind="event", start="2020-11-10", end="2020-11-10"),
              make_feature("ev-b", kind="event", start="2023-09-19", end="2023-09-19")]
    root = make_layers(manifest=manifest, bases=[make_feature()], roads=[], events=events)
    code, _, err = run("export", "--layers", str(root), "--format", "html", "--each-event", "--output", str(tmp_path / "ev"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "ev").iterdir()) == ["2020-11-10-ev-a.html", "2023-09-19-ev-b.html"]
    assert "2/2" in err and "[######" in err  # the progress bar


@pytest.mark.parametrize(
    ("argv", "words"),
    [(["--format", "html", "--from", "2024-01-01", "--to", "2020-01-01"], "is after --to"),
     (["--format", "png"], "needs --output"),
     (["--format", "csv", "--each-event", "--output", "{tmp}/x"], "--each-event"),
     (["--format", "html", "--embed"], "--embed needs --output")],
)
def test_export_usage_errors(small_layers, tmp_path, argv, words):
    # an output path, when the case needs one, goes to a temporary folder: a refused command must not leave files
    code, _, err = run("export", "--layers", str(small_layers), *(a.replace("{tmp}", str(tmp_path)) for a in argv))
    assert code == 2 and words in err


# --- hostile input: every bad input is one line on stderr and exit 2 (1 for data that would degrade the map) ----

HOSTILE_ARGV = [
    ["list", "--date", "2023-00-00"], ["list", "--date", "2023-01-00"], ["list", "--date", "٢٠٢٣-٠١-٠١"],
    ["list", "--date", ""], ["list", "--date", "2023-01-01\x00"], ["list", "--date", "9" * 5000],
    ["export", "--format", "html", "--from", "2023-00-00"], ["export", "--format", "html", "--to", "2023-01-00"],
    ["export", "--format", "html", "--from", "2099-01-01"],
    ["handout", "--chapter", "²", "--output", "{tmp}/x.pdf"], ["handout", "--chapter", "1" * 5000, "--output", "x.pdf"],
    ["handout", "--chapter", "0", "--output", "{tmp}/x.pdf"], ["handout", "--chapter", "-1", "--output", "x.pdf"],
    ["handout", "--chapter", "99", "--output", "{tmp}/x.pdf"], ["handout", "--chapter", "1", "--output", "{tmp}/no/x.pdf"],
    ["handout", "--chapter", "1", "--output", "{tmp}"], ["pack", "--output", "{tmp}"], ["pack", "--output", "{tmp}/no/p.zip"],
    ["export", "--format", "html", "--output", "{tmp}/no/x.html"], ["export", "--format", "html", "--output", "{tmp}"],
    ["export", "--format", "html", "--output", "a\x00b"], ["export", "--format", "csv", "--output", "/proc/version"],
    ["export", "--format", "html", "--each-event", "--output", "{tmp}/file"], ["export", "--format", "png", "--width", "0",
                                                                            "--output", "{tmp}/x.png"],
    ["export", "--format", "png", "--width", "abc"], ["export", "--format", "html", "--only", ",,,"],
    ["export", "--format", "html", "--only", "../../etc/passwd"], ["export", "--format", "html", "--lang", "xx"],
    ["validate", "--layers", "{tmp}/file"], ["validate", "--layers", "{tmp}/nope"], ["list", "--layers", "/dev/null"],
    [], ["export"], ["fly"],
]


@pytest.mark.parametrize("argv", HOSTILE_ARGV, ids=lambda a: " ".join(a)[:60])
def test_hostile_arguments_are_one_line_errors(small_layers, tmp_path, capsys, argv):
    (tmp_path / "file").write_text("a file")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if argv and argv[0] in ("list", "export", "handout", "pack") and "--layers" not in argv:
        argv = [argv[0], "--layers", str(small_layers), *argv[1:]]
    code, out, err = run(*argv)
    err += capsys.readouterr().err  # argparse writes its usage to sys.stderr
    assert code == 2, err
    assert "Traceback" not in err and "Error:" not in err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert len(errors) == 1 and len(errors[0]) < 400, err
    assert not list(tmp_path.glob("*.tmp*"))  # nothing half-written left behind


def test_template_syntax_in_the_title_is_text_with_exit_0(small_layers, tmp_path):
    for title in ("{{ 7*191 }}", "{% if 1 %}x{% endif %}", "{#", "{%", "}}"):
        code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--title", title,
                           "--output", str(tmp_path / "t.html"))
        assert code == 0, err
        assert f"<title>{title}</title>" in (tmp_path / "t.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("broken", "rule"),
    [({"schema/feature.schema.json": "{nope"}, "schema-file"), ({"toponyms.json": "[]"}, "toponym"),
     ({"manifest.json": json.dumps({"dataset": {}, "layers": [{"id": "../../etc/passwd"}]})}, "manifest")],
)
def test_exports_refuse_data_that_would_silently_degrade_the_map(make_layers, tmp_path, broken, rule):
    root = make_layers(bases=[make_feature()], roads=[], raw=broken)
    target = tmp_path / "map.html"
    code, _, err = run("export", "--layers", str(root), "--format", "html", "--output", str(target))
    assert code == 1 and f": -: {rule}: " in err and "nothing was written" in err
    assert not target.exists()
    code, _, _ = run("export", "--layers", str(root), "--format", "geojson")
    assert code == 1


def test_feature_problems_leave_the_feature_out_with_a_warning(make_layers):
    root = make_layers(bases=[make_feature(), make_feature("bad", start="9999", end=None)], roads=[])
    code, out, err = run("export", "--layers", str(root), "--format", "geojson", "--date", "2009-01-01")
    assert code == 0 and "1 problem(s)" in err
    assert [f["id"] for f in json.loads(out)["features"]] == ["test-base"]


def test_an_unreadable_layers_folder_is_a_one_line_error(small_layers, monkeypatch):
    import os

    real = os.listdir

    def refuse(path="."):
        if os.fspath(path) == os.fspath(small_layers):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "listdir", refuse)
    code, _, err = run("validate", "--layers", str(small_layers))
    assert code == 2 and err.startswith("error: cannot read the layers folder") and "Permission denied" in err
    assert len(err.strip().splitlines()) == 1


# --- issue 13: data exports of a period, GeoPackage, formats and extensions, contradictory options -------------


def test_export_a_period_gives_every_feature_active_on_some_day_of_it(small_layers):
    code, out, _ = run("export", "--layers", str(small_layers), "--format", "geojson", "--from", "2010-12-31",
                       "--to", "2020-11-10")
    assert code == 0
    props = {f["id"]: f["properties"] for f in json.loads(out)["features"]}
    assert sorted(props) == ["test-base", "test-corridor", "test-road"]  # the base's last day, the road's first
    assert (props["test-base"]["valid_from"], props["test-base"]["valid_to"]) == ("2008-08-01", "2010-12-31")
    code, out, _ = run("export", "--layers", str(small_layers), "--format", "csv", "--from", "2011-01-01",
                       "--to", "2020-11-09")
    assert code == 0 and list(csv.DictReader(io.StringIO(out))) == []
    code, out, _ = run("export", "--layers", str(small_layers), "--format", "csv", "--to", "2009-01-01")
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == ["test-base"]  # from the dataset's first day
    code, out, _ = run("export", "--layers", str(small_layers), "--format", "csv", "--from", "2022-08-26")
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == ["test-road", "test-corridor"]  # until today


def test_export_date_alone_stays_the_one_day_export(small_layers, tmp_path):
    target = tmp_path / "day.csv"
    code, _, err = run("export", "--layers", str(small_layers), "--date", "2010-12-31", "--output", str(target))
    assert code == 0 and "wrote 1 feature(s) active on 2010-12-31" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["test-base"] and rows[0]["date_note"] == "" and rows[0]["valid_to"] == "2010-12-31"


def test_export_gpkg_one_table_per_layer(small_layers, tmp_path):
    import pyogrio

    target = tmp_path / "data.gpkg"
    code, _, err = run("export", "--layers", str(small_layers), "--from", "1992-01-01", "--output", str(target))
    assert code == 0 and "2 table(s), EPSG:4326" in err
    assert [(str(n), str(t)) for n, t in pyogrio.list_layers(target)] == [("bases", "Point"), ("roads", "Unknown")]
    frame = pyogrio.read_dataframe(target, layer="roads")
    assert sorted(frame["id"]) == ["test-corridor", "test-road"]
    assert str(frame["valid_from"].dtype).startswith("datetime64")


@pytest.mark.parametrize(
    ("argv", "words"),
    [(["--output", "{tmp}/x.svg"], "'.svg' is not a format this command writes"),
     (["--format", "html", "--output", "{tmp}/x.svg"], "'.svg' is not a format"),
     (["--format", "csv", "--output", "{tmp}/x.geojson"], "names a geojson file, but --format is csv"),
     (["--format", "png", "--output", "{tmp}/x.html"], "give a file ending in .png"),
     ([], "give --format"),
     (["--format", "gpkg"], "--format gpkg needs --output FILE.gpkg"),
     (["--format", "geojson", "--date", "2021-01-01", "--from", "2020-01-01"], "give one or the other"),
     (["--format", "csv", "--date", "2021-01-01", "--to", "2022-01-01"], "give one or the other"),
     (["--format", "geojson", "--from", "2022-01-01", "--to", "2021-01-01"], "--from 2022-01-01 is after --to"),
     (["--format", "csv", "--embed"], "--embed is for --format html"),
     (["--format", "geojson", "--chapters"], "--chapters is for --format html"),
     (["--format", "gpkg", "--title", "x", "--output", "{tmp}/x.gpkg"], "--title is for --format html"),
     (["--format", "gpkg", "--each-event", "--output", "{tmp}/ev"], "--each-event"),
     (["--format", "svg"], "invalid choice")],
)
def test_export_format_and_option_errors_are_one_line(small_layers, tmp_path, capsys, argv, words):
    code, out, err = run("export", "--layers", str(small_layers), *(a.replace("{tmp}", str(tmp_path)) for a in argv))
    err += capsys.readouterr().err
    assert code == 2 and words in err, err
    assert len([line for line in err.splitlines() if "error:" in line]) == 1 and "Traceback" not in err
    assert out == "" and [p.name for p in tmp_path.iterdir() if p.name != "layers"] == []  # nothing written


def test_export_format_from_the_extension(small_layers, tmp_path):
    for name, check in (("a.geojson", lambda t: json.loads(t)["type"] == "FeatureCollection"),
                        ("b.JSON", lambda t: json.loads(t)["type"] == "FeatureCollection"),
                        ("c.csv", lambda t: t.startswith("layer,id,name,")), ("d.htm", lambda t: "<!DOCTYPE html>" in t)):
        target = tmp_path / name
        code, _, err = run("export", "--layers", str(small_layers), "--date", "2021-01-01", "--output", str(target))
        assert code == 0, err
        assert check(target.read_text(encoding="utf-8")), name


def test_swap_names_applies_to_the_data_exports(make_layers):
    root = make_layers(bases=[make_feature("hq", name="HQ in {stepanakert}")], roads=[])
    _, out, _ = run("export", "--layers", str(root), "--format", "csv", "--date", "2009-01-01", "--swap-names")
    assert next(csv.DictReader(io.StringIO(out)))["name"] == "HQ in Khankendi / Stepanakert"


def test_the_embed_snippet_is_sandboxed_and_says_why(small_layers, tmp_path):
    target = tmp_path / "map.html"
    code, out, _ = run("export", "--layers", str(small_layers), "--format", "html", "--output", str(target), "--embed")
    assert code == 0
    assert 'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"' in out
    comment = out[out.index("<!--"):out.index("-->")]
    for token in ("allow-scripts:", "allow-popups:", "allow-popups-to-escape-sandbox:", "allow-same-origin"):
        assert token in comment, token
    assert "presence:resize" in out and "event.source" in out  # the optional auto-height script checks the sender


# --- framing, headline, PNG scale, PDF page (export --bbox/--title/--subtitle/--notes/--byline/--scale/--page) ------

@pytest.mark.parametrize(
    ("argv", "words"),
    [(["--format", "html", "--bbox", "45.9,39.3,47.3"], "--bbox '45.9,39.3,47.3': give four numbers"),
     (["--format", "html", "--bbox", "47.3,39.3,45.9,40.3"], "west (47.3) must be less than east (45.9)"),
     (["--format", "html", "--bbox", "45.9,40.3,47.3,39.3"], "south (40.3) must be less than north (39.3)"),
     (["--format", "html", "--bbox", "10,39.3,47.3,40.3"], "outside the map's region"),
     (["--format", "html", "--bbox", "nan,39,47,40"], "'nan' is not a number"),
     (["--format", "png", "--scale", "4", "--output", "{tmp}/x.png"], "--scale: '4' is not a device pixel ratio"),
     (["--format", "png", "--scale", "0.5", "--output", "{tmp}/x.png"], "from 1 to 3"),
     (["--format", "png", "--scale", "two", "--output", "{tmp}/x.png"], "from 1 to 3"),
     (["--format", "csv", "--bbox", "45.9,39.3,47.3,40.3"], "--bbox is for --format html/png/pdf, not csv"),
     (["--format", "html", "--scale", "2"], "--scale is for --format png, not html"),
     (["--format", "png", "--page", "a3", "--output", "{tmp}/x.png"], "--page is for --format pdf"),
     (["--format", "html", "--portrait"], "--portrait/--landscape is for --format pdf"),
     (["--format", "geojson", "--notes", "n"], "--notes is for"),
     (["--format", "pdf"], "--format pdf needs --output FILE.pdf")],
)
def test_map_flags_are_checked_before_any_work(small_layers, tmp_path, argv, words):
    target = tmp_path / "out"
    target.mkdir()
    code, out, err = run("export", "--layers", str(small_layers), *(a.replace("{tmp}", str(target)) for a in argv))
    assert code == 2, err
    lines = [line for line in err.splitlines() if line]
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0], err
    assert out == "" and list(target.iterdir()) == []


def test_bbox_and_headline_reach_the_html(small_layers, tmp_path):
    from geo.elements import read_payload

    target = tmp_path / "map.html"
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--bbox", "45.9,39.3,47.3,40.3",
                       "--title", "<b>T</b> {{ 7*191 }}", "--subtitle", "S", "--notes", "N", "--byline", "B",
                       "--output", str(target))
    assert code == 0, err
    payload = read_payload(target.read_text(encoding="utf-8"))
    assert payload["initial"]["bounds"] == [[39.3, 45.9], [40.3, 47.3]]
    assert payload["headline"] == {"title": "<b>T</b> {{ 7*191 }}", "subtitle": "S", "notes": "N", "byline": "B"}
    # no flags: still a footer (the date and the source line), no title; the view fits the data over the range
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--output", str(target))
    payload = read_payload(target.read_text(encoding="utf-8"))
    assert payload["headline"] == {"title": None, "subtitle": None, "notes": None, "byline": None}
    assert payload["initial"]["bounds"] is not None
