"""The command line's user layers: ``export --add-layer`` (bad rows reported by row number and left out, the good
ones on the map; ``--strict``; options per layer in order; ``--map``) and ``validate --user-layer``."""

import io
import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.cli_userlayer import PROBLEM_LINES
from geo.elements import read_payload, read_user_blocks
from geo.userlayer import decode_payload


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def events_csv(path: Path, n: int, bad_rows: dict[int, str], *, header="id,name,lat,lon,start,end") -> Path:
    """n data rows on lines 2..n+1; ``bad_rows`` maps a line number to the broken start date written there."""
    lines = [header]
    for line in range(2, n + 2):
        start = bad_rows.get(line, f"2021-{1 + line % 12:02d}-{1 + line % 28:02d}")
        lines.append(f"ev-{line},Event {line},{40 + (line % 100) / 100:.2f},{45 + (line % 50) / 100:.2f},{start},2022-12-31")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_reported_by_row_number_and_left_out(small_layers, tmp_path):
    bad = {5: "2021-02-30", 17: "yesterday", 101: "2021-13", 150: "05.03.2021", 201: ""}
    csv_file = events_csv(tmp_path / "shelling.csv", 200, bad)
    output = tmp_path / "map.html"
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--date", "2021-06-01",
                       "--add-layer", str(csv_file), "--output", str(output))
    assert code == 0, err
    reported = [line for line in err.splitlines() if line.startswith(f"{csv_file}:")]
    rows = [int(line.split(":")[1]) for line in reported if line.split(":")[1].isdigit()]
    assert rows == sorted(bad), err
    assert all(":start: date: " in line for line in reported if line.split(":")[1].isdigit())
    assert "195 of 200 rows kept, 5 left out" in err
    html = output.read_text(encoding="utf-8")
    block = read_user_blocks(html)[0]
    ids = decode_payload(block).ids()
    assert len(ids) == 195 and not {f"ev-{r}" for r in bad} & set(ids)
    assert read_payload(html)["user_layers"][0]["title"] == "shelling.csv"


def test_the_printed_problems_are_capped_with_a_count(small_layers, tmp_path):
    bad = {line: "never" for line in range(2, 2 + PROBLEM_LINES + 30)}
    csv_file = events_csv(tmp_path / "many.csv", 100, bad)
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--date", "2021-06-01",
                       "--add-layer", str(csv_file), "--output", str(tmp_path / "m.html"))
    assert code == 0
    assert sum(line.startswith(f"{csv_file}:") and line.split(":")[1].isdigit() for line in err.splitlines()) == PROBLEM_LINES
    assert "... and 30 more problem(s) not shown" in err
    assert "20 of 100 rows kept, 80 left out" in err


def test_strict_makes_any_bad_row_an_error_and_writes_nothing(small_layers, tmp_path):
    csv_file = events_csv(tmp_path / "s.csv", 20, {7: "2021-02-30"})
    output = tmp_path / "map.html"
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--add-layer", str(csv_file),
                       "--strict", "--output", str(output))
    assert code == 1
    assert f"{csv_file}:7:start: date:" in err
    assert "with --strict every problem is an error; nothing was written" in err
    assert not output.exists()


def test_a_file_that_cannot_be_used_writes_nothing(small_layers, tmp_path):
    unusable = tmp_path / "nodates.csv"
    unusable.write_text("lat,lon,name\n40.1,45.1,x\n", encoding="utf-8")
    output = tmp_path / "map.html"
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--add-layer", str(unusable),
                       "--output", str(output))
    assert code == 1
    assert f"{unusable}:1:start: columns: no date column" in err
    assert "the file cannot be used; nothing was written" in err
    assert not output.exists()
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--add-layer",
                       str(tmp_path / "missing.csv"), "--output", str(output))
    assert code == 1 and "missing.csv" in err and "Traceback" not in err


def test_columns_named_otherwise_are_mapped(small_layers, tmp_path):
    csv_file = events_csv(tmp_path / "de.csv", 10, {}, header="id,Titel,Y,X,Datum,Ende")
    output = tmp_path / "map.html"
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--add-layer", str(csv_file),
                       "--map", "start=Datum,end=Ende,lat=Y,lon=X,name=Titel", "--output", str(output))
    assert code == 0, err
    decoded = decode_payload(read_user_blocks(output.read_text(encoding="utf-8"))[0])
    assert decoded.text["names"][0] == "Event 2"
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--add-layer", str(csv_file),
                       "--map", "start=Nope", "--output", str(output))
    assert code == 1 and "columns" in err


def test_title_colour_and_symbol_go_with_their_layer_in_order(small_layers, tmp_path):
    a = events_csv(tmp_path / "bases.csv", 5, {})  # "bases" is a layer of the dataset: the id gets a suffix
    b = events_csv(tmp_path / "b.csv", 5, {})
    output = tmp_path / "map.html"
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--add-layer", str(a),
                       "--add-layer", str(b), "--add-layer-title", "First <b>one</b>", "--add-layer-color", "#112233",
                       "--add-layer-color", "#445566", "--add-layer-symbol", "diamond", "--output", str(output))
    assert code == 0, err
    described = read_payload(output.read_text(encoding="utf-8"))["user_layers"]
    assert [(d["id"], d["title"], d["color"], d["symbol"]) for d in described] == [
        ("bases-2", "First <b>one</b>", "#112233", "diamond"), ("b", "b.csv", "#445566", "square")]


@pytest.mark.parametrize(("extra", "words"), [
    (["--add-layer-color", "#112233", "--add-layer-color", "#445566"], "--add-layer-color was given 2 times for 1"),
    (["--add-layer-color", "red"], "is not a colour #RRGGBB"),
    (["--add-layer-symbol", "star"], "invalid choice"),
    (["--map", "start"], "is not TARGET=COLUMN"),
    (["--map", "when=Datum"], "unknown column target"),
    (["--add-layer-title", " "], "a title cannot be empty"),
])
def test_bad_options_are_usage_errors(small_layers, tmp_path, capsys, extra, words):
    csv_file = events_csv(tmp_path / "x.csv", 3, {})
    code, _, err = run("export", "--layers", str(small_layers), "--format", "html", "--add-layer", str(csv_file), *extra,
                       "--output", str(tmp_path / "m.html"))
    assert code == 2
    assert words in err + capsys.readouterr().err


def test_csv_export_refuses_added_layers(small_layers, tmp_path):
    csv_file = events_csv(tmp_path / "x.csv", 3, {})
    code, _, err = run("export", "--layers", str(small_layers), "--format", "csv", "--add-layer", str(csv_file))
    assert code == 2 and "--add-layer works with --format html, png, pdf or geojson" in err


def test_geojson_export_adds_the_features_active_on_the_date(small_layers, tmp_path):
    csv_file = tmp_path / "days.csv"
    csv_file.write_text("id,lat,lon,start,end\nmarch,40.1,45.1,2021-03,2021-03\nfirst,40.2,45.2,2021-04-01,\n"
                        "bad,40.3,45.3,2021-02-30,\n", encoding="utf-8")
    for day, wanted in (("2021-03-31", ["march"]), ("2021-04-01", ["first"]), ("2021-02-28", [])):
        code, out, err = run("export", "--layers", str(small_layers), "--format", "geojson", "--date", day,
                             "--add-layer", str(csv_file))
        assert code == 0, err
        users = [f for f in json.loads(out)["features"] if f["properties"].get("layer") == "days"]
        assert [f["id"] for f in users] == wanted, day
    assert f"{csv_file}:4:start: date:" in err


def test_validate_user_layer(small_layers, tmp_path):
    good = events_csv(tmp_path / "good.csv", 5, {})
    code, out, err = run("validate", "--layers", str(small_layers), "--user-layer", str(good))
    assert code == 0 and "5 of 5 rows kept" in out
    bad = events_csv(tmp_path / "bad.csv", 100, {line: "never" for line in range(2, 80)})
    code, out, err = run("validate", "--layers", str(small_layers), "--user-layer", str(bad))
    assert code == 1
    assert len([line for line in out.splitlines() if line.startswith(f"{bad}:")]) == 78  # no cap here
    assert "22 of 100 rows kept, 78 left out" in err
    unusable = tmp_path / "u.csv"
    unusable.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out, err = run("validate", "--layers", str(small_layers), "--user-layer", str(unusable))
    assert code == 1 and "columns" in out and "cannot be used" in err
