"""The app's start-up cache: private, verified, never evicting a document in use, and never an error for readers."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import stat
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import appcache
from geo.appcache import cached_document, data_digest, document_key, private_folder, serve_document
from geo.config import user_cache_dir

LOG = logging.getLogger("test-appcache")
HTML = "<!DOCTYPE html><html><body>the map</body></html>\n"
APP = str(Path(__file__).resolve().parent.parent / "app.py")


def key(n: int = 0) -> str:
    return document_key(f"data-{n}", dt.date(2026, 1, 1), extra="test")


def test_the_cache_is_per_user_never_the_shared_temp_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert user_cache_dir() == tmp_path / "xdg" / "presence-map"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_cache_dir() == tmp_path / "home" / ".cache" / "presence-map"


def test_store_then_serve_a_verified_private_document(tmp_path):
    cache = tmp_path / "cache"
    built = serve_document(cache, key(), HTML, LOG)
    assert built.source == "built" and (built.folder / "index.html").read_text() == HTML
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(built.folder / "index.html").st_mode) & 0o077 == 0
    again = cached_document(cache, key(), LOG)
    assert again is not None and again.source == "cache" and again.folder == built.folder


def test_a_planted_document_is_never_served(tmp_path, caplog):
    cache = tmp_path / "cache"
    served = serve_document(cache, key(), HTML, LOG)
    (served.folder / "index.html").write_text("<script>steal()</script>")  # same key, other content
    with caplog.at_level(logging.WARNING):
        assert cached_document(cache, key(), LOG) is None
    assert "does not match its SHA-256" in caplog.text
    entry = cache / key(1)
    entry.mkdir(mode=0o700)
    (entry / "index.html").write_text("<script>steal()</script>")  # no digest beside it
    assert cached_document(cache, key(1), LOG) is None


@pytest.mark.parametrize("setup", ["world-writable", "symlink", "a-file", "other-owner"])
def test_a_cache_folder_that_is_not_private_is_refused(tmp_path, caplog, monkeypatch, setup):
    cache = tmp_path / "cache"
    if setup == "world-writable":
        cache.mkdir()
        cache.chmod(0o777)
    elif setup == "symlink":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        cache.symlink_to(tmp_path / "elsewhere")
    elif setup == "a-file":
        cache.write_text("not a folder")
    else:
        cache.mkdir(mode=0o700)
        if os.geteuid() == 0:
            os.chown(cache, 65534, 65534)
        else:  # cannot give a folder away: pretend to be someone else
            monkeypatch.setattr(appcache.os, "geteuid", lambda: os.getuid() + 1)
    with caplog.at_level(logging.WARNING):
        assert private_folder(cache, LOG) is None
        served = serve_document(cache, key(), HTML, LOG)
    assert "building the map in memory" in caplog.text
    assert served.source == "private-temp" and served.folder is not None
    assert served.folder.parent != cache and stat.S_IMODE(os.stat(served.folder).st_mode) == 0o700
    assert (served.folder / "index.html").read_text() == HTML


def test_a_cache_that_cannot_be_written_falls_back_to_a_private_temp_folder(tmp_path, caplog, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    real = appcache.write_text

    def read_only(path, text, **kwargs):
        if cache in Path(path).parents:
            raise OSError(30, "Read-only file system", str(path))
        return real(path, text, **kwargs)

    monkeypatch.setattr(appcache, "write_text", read_only)
    with caplog.at_level(logging.WARNING):
        served = serve_document(cache, key(), HTML, LOG)
    assert served.source == "private-temp" and "cannot be written" in caplog.text
    folder = served.folder
    del served  # a private temporary document is removed once nobody serves it
    assert not folder.exists()


def test_no_folder_at_all_serves_the_map_inline(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(appcache.tempfile, "mkdtemp", lambda **_: (_ for _ in ()).throw(OSError(28, "No space")))
    with caplog.at_level(logging.WARNING):
        served = serve_document(None, key(), HTML, LOG)
    assert served.source == "inline" and served.folder is None and served.html == HTML


def test_a_document_in_use_is_never_evicted(tmp_path):
    cache = tmp_path / "cache"
    in_use = serve_document(cache, key(0), HTML, LOG)  # held by this (running) app
    for n in range(1, 12):  # other apps store documents in the same folder
        serve_document(cache, key(n), HTML.replace("map", f"map {n}"), LOG)
    assert (in_use.folder / "index.html").read_text() == HTML
    assert cached_document(cache, key(0), LOG) is not None
    entries = [p for p in cache.iterdir() if p.is_dir()]
    assert len(entries) <= appcache._KEEP + 2  # the rest, held by nobody, were removed
    del in_use


def test_an_old_document_nobody_holds_is_evicted(tmp_path):
    cache = tmp_path / "cache"
    old = serve_document(cache, key(0), HTML, LOG).folder
    os.utime(old, (0, 0))  # 1970: long unused; its ServedDocument is gone, so nobody holds it
    serve_document(cache, key(1), HTML, LOG)
    assert not old.exists()


def test_the_data_digest_reads_safely_and_changes_with_the_data(make_layers):
    root = make_layers(bases=[])
    first = data_digest(root)
    (root / "extra.geojson").symlink_to("/dev/zero")  # read as "not a file", never 64 MB of zeros
    os.mkfifo(root / "pipe.geojson")  # never waited on
    second = data_digest(root)
    assert second != first and second == data_digest(root)
    assert len(hashlib.sha256().hexdigest()) == len(second)


def test_the_app_serves_the_map_when_the_cache_folder_is_a_file(tmp_path, monkeypatch, caplog):
    (tmp_path / "presence-map").write_text("in the way")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=120)
    with caplog.at_level(logging.WARNING, logger="presence-map"):
        at.run()
    assert not at.exception and not at.error
    (component,) = at.get("component_instance")  # the map is served (from a private temporary folder)
    assert component.proto.component_name.endswith("presence_map")
    assert "building the map in memory" in caplog.text
    assert at.subheader[0].value  # the panels are there: the page works
