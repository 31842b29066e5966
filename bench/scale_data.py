"""The data of ``bench/scale.py`` and the three map files made from it: ours (``python -m geo export --add-layer``) and
folium's own time plugins on the same rows (``TimestampedGeoJson``; ``Timeline`` + ``TimelineSlider``), their
JS/CSS inlined from the folium-offline table so every file opens from disk with no request leaving the machine.

The rows: N dated points, uniform in lon 40–47.5, lat 39–43.5 (EPSG:4326), first days uniform over 1995–2024; 40 %
one-day events, 45 % lasting 1–730 days, 15 % open (no end). Seeded: every run has the same rows. A few rows are
broken on purpose (``BAD_ROWS``): the export reports them by row number and leaves them out; the peers get the good
rows only. Both peers get per-feature intervals that follow our rule exactly: ``Timeline`` with ``start``/``end``
properties (its interval tree is inclusive at both ends); ``TimestampedGeoJson`` with ``times = [start, end]`` and
``duration = PT1S`` (it shows a point while ``times[0] <= t`` and ``times[-1] >= t - duration``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

REPO = Path(__file__).resolve().parents[1]
EPOCH = dt.date(1970, 1, 1)
FIRST, SPAN = dt.date(1995, 1, 1), 10957  # 1995-01-01 .. 2024-12-31
#: CSV line numbers (header = 1) written broken, and how.
BAD_ROWS = {17: "2016-02-30", 1001: "2016/06/12", 5002: "", 50003: "2016-13", 500004: "05.03.2016"}
OPEN = 2**31 - 1
VIEW = (41.25, 43.75, 7)  # lat, lon, zoom: the whole box in a 1280 x 800 window
FAR = "2100-01-01"  # the peers' stand-in for an open end


@dataclass(frozen=True)
class Rows:
    """The good rows as arrays: lon/lat degrees, first/last active day numbers (last = OPEN when open)."""

    lon: npt.NDArray[np.float64]
    lat: npt.NDArray[np.float64]
    first: npt.NDArray[np.int64]
    last: npt.NDArray[np.int64]

    def on(self, day: int) -> npt.NDArray[np.bool_]:
        return (self.first <= day) & (day <= self.last)

    def active(self, day: int) -> int:
        return int(self.on(day).sum())

    def changes(self, a: int, b: int) -> int:
        """How many rows enter or leave the map from day a to day b."""
        return int((self.on(a) != self.on(b)).sum())


def make_rows(n: int, seed: int = 14) -> tuple[Rows, bytes]:
    """The good rows, and the CSV (with the bad rows of BAD_ROWS that fall inside it, replacing good ones)."""
    rng = np.random.default_rng(seed)
    lon = np.round(rng.uniform(40.0, 47.5, n), 5)
    lat = np.round(rng.uniform(39.0, 43.5, n), 5)
    first = np.int64((FIRST - EPOCH).days) + rng.integers(0, SPAN, n)
    kind = rng.random(n)
    last = np.where(kind < 0.40, first, first + rng.integers(1, 731, n))
    last = np.where(kind >= 0.85, OPEN, last)
    iso = np.datetime_as_string(first.astype("datetime64[D]"))
    end = np.where(last == OPEN, "", np.datetime_as_string(np.minimum(last, 10**6).astype("datetime64[D]")))
    lines = ["lat,lon,start,end"]
    lines += [f"{a:.5f},{b:.5f},{s},{e}" for a, b, s, e in zip(lat.tolist(), lon.tolist(), iso.tolist(), end.tolist(),
                                                                  strict=True)]
    good = np.ones(n, dtype=bool)
    for line, bad in BAD_ROWS.items():
        if line - 2 < n:
            good[line - 2] = False
            lines[line - 1] = f"{lat[line - 2]:.5f},{lon[line - 2]:.5f},{bad},"
    rows = Rows(lon[good], lat[good], first[good], last[good])
    return rows, ("\n".join(lines) + "\n").encode("ascii")


def bad_rows_in(n: int) -> list[int]:
    return [line for line in BAD_ROWS if line - 2 < n]


def step_days(count: int) -> list[int]:
    """One-month steps from 1 December 2009 (what PageUp does on our slider)."""
    days, y, m = [], 2009, 12
    for _ in range(count + 1):
        days.append((dt.date(y, m, 1) - EPOCH).days)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return days


def iso(day: int) -> str:
    return (EPOCH + dt.timedelta(days=day)).isoformat()


def write_ours(csv_path: Path, out: Path, day: int) -> tuple[float, str]:
    """``python -m geo export --format html --add-layer`` (a subprocess, as a journalist runs it): (seconds, stderr)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "geo", "export", "--format", "html", "--date", iso(day), "--add-layer",
                           str(csv_path), "--add-layer-title", "Incidents", "--output", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"our export failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stderr


def _features(rows: Rows, peer: str) -> list[dict[str, object]]:
    start = np.datetime_as_string(rows.first.astype("datetime64[D]")).tolist()
    end = [FAR if e == OPEN else s for e, s in zip(rows.last.tolist(), np.datetime_as_string(
        np.minimum(rows.last, 10**6).astype("datetime64[D]")).tolist(), strict=True)]
    style = {"radius": 3, "color": "#1c1c1c", "weight": 1, "fillColor": "#C51B7D", "fillOpacity": 0.9}
    out: list[dict[str, object]] = []
    for x, y, s, e in zip(rows.lon.tolist(), rows.lat.tolist(), start, end, strict=True):
        props: dict[str, object] = ({"times": [s, e], "icon": "circle", "iconstyle": style} if peer == "timestamped"
                                    else {"start": s, "end": e})
        out.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": props})
    return out


def write_peer(rows: Rows, peer: str, out: Path, day: int) -> float:
    """folium's own page for ``peer`` (``timestamped`` | ``timeline``), assets inlined; returns the seconds taken."""
    import folium
    from folium.plugins import Timeline, TimelineSlider, TimestampedGeoJson
    from folium.utilities import JsCode
    from offlinefolium.elements import _res as table

    started = time.perf_counter()
    m = folium.Map(location=list(VIEW[:2]), zoom_start=VIEW[2], tiles=None, prefer_canvas=True)
    data = {"type": "FeatureCollection", "features": _features(rows, peer)}
    if peer == "timestamped":
        TimestampedGeoJson(data, period="P1D", duration="PT1S", auto_play=False, loop=False, add_last_point=False,
                           date_options="YYYY-MM-DD").add_to(m)
    else:
        line = JsCode("function (f, ll) { return L.circleMarker(ll, {radius: 3, color: '#1c1c1c', weight: 1, "
                      "fillColor: '#C51B7D', fillOpacity: 0.9}); }")
        timeline = Timeline(data, point_to_layer=line).add_to(m)
        TimelineSlider(auto_play=False, date_options="YYYY-MM-DD", start=iso(day), end="2025-01-01",
                       enable_keyboard_controls=True).add_timelines(timeline).add_to(m)
    m.save(str(out))
    html = out.read_text(encoding="utf-8")
    html = re.sub(r'<script src="(https?://[^"]+)">\s*</script>', lambda g: "<script>" + table[g[1]].replace(
        "</script", "<\\/script") + "</script>", html)
    html = re.sub(r'<link rel="stylesheet" href="(https?://[^"]+)"/>', lambda g: "<style>" + table[g[1]] + "</style>", html)
    if re.search(r'<script src="https?://|<link rel="stylesheet" href="https?://', html):
        raise RuntimeError(f"folium's {peer} page still links outside after inlining")
    out.write_text(html, encoding="utf-8")
    return time.perf_counter() - started


def write_json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value), encoding="utf-8")
