"""Files are never half-written: a reader sees the old file or the whole new one; a failed run leaves the old file."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from geo.atomic import atomic_open, atomic_path, write_text
from geo.cli import main

REPO = Path(__file__).resolve().parent.parent


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp" in p.name)


def test_a_failure_midway_leaves_the_old_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write("half of the new")
        raise RuntimeError("killed")
    assert target.read_text() == "old" and leftovers(tmp_path) == []


def test_a_failure_before_anything_existed_leaves_nothing(tmp_path):
    target = tmp_path / "pack.zip"
    with pytest.raises(OSError), atomic_path(target) as temp:
        with zipfile.ZipFile(temp, "w") as pack:
            pack.writestr("a.txt", "a")
        raise OSError(28, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_file_keeps_the_suffix_and_the_umask_mode(tmp_path):
    target = tmp_path / "map.png"
    with atomic_path(target) as temp:
        assert temp.parent == tmp_path and temp.suffix == ".png" and temp.name.startswith(".map.")
        temp.write_bytes(b"png")
    umask = os.umask(0)
    os.umask(umask)
    assert target.read_bytes() == b"png" and (target.stat().st_mode & 0o777) == 0o666 & ~umask


def test_links_are_written_through_and_devices_never_replaced(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    (tmp_path / "link.csv").symlink_to(real)
    write_text(tmp_path / "link.csv", "new")
    assert (tmp_path / "link.csv").is_symlink() and real.read_text() == "new"
    pipe = tmp_path / "pipe"  # like /dev/stdout: written to, never replaced by a regular file
    os.mkfifo(pipe)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_text()))
    reader.start()
    write_text(pipe, "through the pipe")
    reader.join(timeout=20)
    assert got == ["through the pipe"] and pipe.is_fifo()


def test_a_reader_never_sees_a_partial_export(small_layers, tmp_path):
    target = tmp_path / "map.html"
    assert main(["export", "--layers", str(small_layers), "--format", "html", "--output", str(target)],
                stdout=io.StringIO(), stderr=io.StringIO()) == 0
    seen: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            seen.append(target.read_text(encoding="utf-8"))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for day in ("2009-01-01", "2021-01-01", "2022-01-01"):
            assert main(["export", "--layers", str(small_layers), "--format", "html", "--date", day,
                         "--output", str(target)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    finally:
        stop.set()
        reader.join()
    assert len(seen) > 10
    assert all(text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>") for text in seen)


@pytest.mark.browser
def test_a_pack_killed_midway_leaves_the_old_file(tmp_path):
    target = tmp_path / "pack.zip"
    target.write_bytes(b"the old pack")
    process = subprocess.Popen([sys.executable, "-m", "geo", "pack", "--output", str(target)], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not any(p.stat().st_size > 0 for p in tmp_path.glob(".pack.*.tmp.zip")):  # writing has started
            assert process.poll() is None, "the pack finished before it could be killed"
            assert time.monotonic() < deadline, "the pack never started writing"
            time.sleep(0.05)  # bounded by the deadline
        time.sleep(1.0)  # well into the handouts
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert target.read_bytes() == b"the old pack"
