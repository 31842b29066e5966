"""Hostile files: devices, FIFOs, files larger than they say, deep JSON, numbers Python cannot hold."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from geo.config import Settings
from geo.io import load_catalog
from geo.safefile import FileRefused, NonFinite, json_depth, parse_json, read_json, read_limited
from tests.conftest import make_feature


@pytest.fixture
def deadline():
    """Fail instead of hanging for ever (a FIFO opened for reading waits for a writer)."""
    def expired(*_):
        raise TimeoutError("hung")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def refused(call) -> FileRefused:
    with pytest.raises(FileRefused) as info:
        call()
    return info.value


def test_only_regular_files_are_read(tmp_path, deadline):
    (tmp_path / "zero").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo")
    assert refused(lambda: read_limited(tmp_path / "zero", 1000)).rule == "not-a-file"
    assert refused(lambda: read_limited(tmp_path / "fifo", 1000)).rule == "not-a-file"  # and no hang
    assert refused(lambda: read_limited(tmp_path, 1000)).rule == "not-a-file"
    assert refused(lambda: read_limited(tmp_path / "nope", 1000)).rule == "unreadable"


def test_the_limit_is_checked_on_the_bytes_actually_read():
    # /proc files say they are 0 bytes long and are not: the size on disk cannot be trusted
    assert os.stat("/proc/self/maps").st_size == 0
    problem = refused(lambda: read_limited(Path("/proc/self/maps"), 10))
    assert problem.rule == "file-size" and "10-byte limit" in problem.detail


def test_depth_is_measured_without_recursion_and_strings_do_not_count():
    assert json_depth('{"a": [[1, 2], {"b": "[[[[[[[["}]}', 32) == 3
    assert json_depth('[{}[[]]]', 32) == 3
    assert json_depth("[" * 200_000 + "]" * 200_000, 32) == 33  # counted only up to the limit + 1
    assert json_depth("[[}", 32) == 0  # unbalanced: json.loads says where


@pytest.mark.parametrize(
    ("text", "words"),
    [("[" * 3000 + "]" * 3000, "more than 32 levels"), ("[" * 100_000 + "]" * 100_000, "more than 32 levels"),
     ('{"n": ' + "1" * 5000 + "}", "digits"), ('{"a": }', "line 1, column 7")],
)
def test_bad_json_is_one_problem_never_an_exception(text, words):
    problem = refused(lambda: parse_json(text))
    assert problem.rule == "json" and words in problem.detail


def test_numbers_that_are_not_finite_are_kept_as_their_text():
    data = parse_json('{"a": NaN, "b": Infinity, "c": -Infinity, "d": 1e400, "e": 1.5}')
    assert all(isinstance(data[k], NonFinite) for k in "abcd") and data["d"] == "1e400" and data["e"] == 1.5


def test_utf8_with_a_bom_is_read(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"a": "é"}).encode())
    assert read_json(path, 1000) == {"a": "é"}


def test_a_hostile_layer_loses_only_itself(make_layers, deadline):
    root = make_layers(bases=[make_feature()], raw={"deep.geojson": "[" * 100_000 + "]" * 100_000})
    (root / "roads.geojson").symlink_to("/dev/zero")
    os.mkfifo(root / "pipe.geojson")
    result = load_catalog(Settings(layers_dir=root))
    rules = {p.file: p.rule for p in result.problems}
    assert rules == {"layers/deep.geojson": "json", "layers/roads.geojson": "not-a-file",
                     "layers/pipe.geojson": "not-a-file"}
    assert [f.id for f in result.catalog.features] == ["test-base"]


def test_an_overflowing_number_in_a_large_file_is_reported_too(make_layers):
    """Above EXACT_BELOW, 1e400 reads as inf (no per-number hook); the checks still name the feature."""
    from geo.safefile import EXACT_BELOW

    bad = make_feature("bad", figures=[{"label": "personnel", "value": 12345, "as_of": "2009", "source": 0}])
    text = json.dumps({"type": "FeatureCollection", "pad": "x" * EXACT_BELOW, "features": [bad, make_feature("ok")]})
    root = make_layers(raw={"bases.geojson": text.replace("12345", "1e400")}, roads=[])
    result = load_catalog(Settings(layers_dir=root))
    assert [(p.feature, p.rule) for p in result.problems] == [("bad", "number")]
    assert "Infinity" in result.problems[0].detail
    assert [f.id for f in result.catalog.features] == ["ok"]
