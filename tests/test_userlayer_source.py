"""The bytes of a user's file: regular files only, never blocking, the limit checked on the bytes read, UTF-8."""

import os
import sys

import pytest

from geo.userlayer.problems import UserLayerError
from geo.userlayer.source import SourceBytes, decode_utf8, describe_limit, read_source


def one_problem(call):
    with pytest.raises(UserLayerError) as caught:
        call()
    [problem] = caught.value.row_problems
    return problem


def test_a_file_under_the_limit_is_read(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 100)
    assert read_source(path, file=None, limit=100) == SourceBytes(str(path), b"x" * 100)


def test_the_limit_is_on_the_bytes_read_and_stated(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 101)
    problem = one_problem(lambda: read_source(path, file="big.csv", limit=100))
    assert problem.rule == "file-size" and str(problem).startswith("big.csv:-:-: file-size: the file is larger than")
    assert describe_limit(50 * 1024 * 1024) == "50 MB (52,428,800 bytes)"
    problem = one_problem(lambda: read_source(b"y" * 101, file="upload.csv", limit=100))
    assert "has 101 bytes, more than the limit of" in problem.detail


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    problem = one_problem(lambda: read_source(fifo, file="pipe.csv", limit=100))  # would hang if opened blocking
    assert problem.rule == "file" and "not a regular file" in problem.detail


def test_a_folder_and_a_missing_file_are_refused(tmp_path):
    assert "a folder" in one_problem(lambda: read_source(tmp_path, file="dir", limit=100)).detail
    problem = one_problem(lambda: read_source(tmp_path / "nope.csv", file="nope.csv", limit=100))
    assert problem.rule == "file" and "cannot open" in problem.detail


@pytest.mark.skipif(sys.platform == "win32", reason="/dev/zero")
def test_a_device_is_refused():
    problem = one_problem(lambda: read_source(__import__("pathlib").Path("/dev/zero"), file="zero", limit=100))
    assert "not a regular file" in problem.detail


def test_bytes_need_a_name():
    with pytest.raises(ValueError, match="file name"):
        read_source(b"a", file=None, limit=10)


def test_utf8_with_and_without_bom():
    assert decode_utf8(SourceBytes("a", "ä,b".encode())) == "ä,b"
    assert decode_utf8(SourceBytes("a", b"\xef\xbb\xbfname\n")) == "name\n"


def test_not_utf8_names_the_line_and_the_fix():
    problem = one_problem(lambda: decode_utf8(SourceBytes("latin.csv", b"name\nG\xfcmr\xfc\n")))
    assert problem.rule == "utf-8"
    assert "byte 6 (line 2, byte 2 of the line)" in problem.detail and "save the file as UTF-8" in problem.detail
    problem = one_problem(lambda: decode_utf8(SourceBytes("u16.csv", "name".encode("utf-16"))))
    assert "UTF-16" in problem.detail
