"""User layers at scale: read+check time, payload size and peak Python memory, ours against a naive peer, one run.

Usage (from the repository root, with the project's venv)::

    python bench/userlayer_payload.py                 # N = 1,000, 10,000, 100,000 and 1,000,000 (about 2 min)
    python bench/userlayer_payload.py --sizes 1000 100000 --runs 5
    python bench/userlayer_payload.py --no-peer-above 100000   # skip the slow peer for the largest N

For each N a CSV of N random dated points in the region is made in memory (``lat,lon,start,end,name,kind,url``;
5 rows broken: a slash in a date, a latitude of 99, both reported and left out), then:

* **ours**: ``geo.userlayer.read_user_layer`` (from bytes, as an upload) and ``geo.userlayer.build_payload``
  (typed columns, gzip, base64; the format is in ``geo/userlayer/README.md``).
* **peer**: what one writes first: ``csv.DictReader``, per row ``PartialDate.parse`` for both dates, ``float`` and
  ``Bounds.contains`` for the place, a GeoJSON Feature dict (``s``/``e`` day numbers in its properties, as
  ``geo.render`` sends the dataset), then ``json.dumps`` of the FeatureCollection, gzip and base64 (as
  ``geo.elements.PresenceLayer`` packs the dataset).

Times are ``time.perf_counter`` (best and median of ``--runs``; one run at 1,000,000). Peak memory is
``tracemalloc``'s peak over read+check+pack, in a separate run (tracemalloc slows Python down). The CSV of 1,000,000
rows is larger than the 50 MB upload limit: that size is read with the limit raised, and the table says so. The
"export" column adds the payload JSON to the size of today's exported map document (``geo.render.build_document``
for the shipped dataset), which is what one HTML export with the layer inside will weigh, give or take its code.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import gzip
import io
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from geo.config import MAX_LAYER_BYTES, REGION  # noqa: E402
from geo.temporal import PartialDate, day_number  # noqa: E402
from geo.userlayer import UserLayerOptions, build_payload, read_user_layer  # noqa: E402

KINDS = ("shelling", "drone", "checkpoint", "patrol", "incident")
BAD_ROWS = 5


def make_csv(n: int, seed: int = 1) -> bytes:
    """N random dated points in the region (lon 40..50, lat 38..44), 1992..2026, 5 rows broken."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(40, 50, n), rng.uniform(38, 44, n)
    first = rng.integers(day_number(dt.date(1992, 1, 1)), day_number(dt.date(2026, 1, 1)), n)
    span = np.where(np.arange(n) % 3 == 0, rng.integers(0, 900, n), 0)  # two thirds are one-day events
    epoch = dt.date(1970, 1, 1).toordinal()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["lat", "lon", "start", "end", "name", "kind", "url"])
    for i in range(n):
        start = dt.date.fromordinal(epoch + int(first[i])).isoformat()
        end = "" if i % 10 == 0 else dt.date.fromordinal(epoch + int(first[i] + span[i])).isoformat()
        writer.writerow([f"{lat[i]:.5f}", f"{lon[i]:.5f}", start, end, f"Village {i % 2000}", KINDS[i % 5],
                         f"https://example.org/report/{i % 500}"])
    lines = out.getvalue().split("\n")
    for k in range(BAD_ROWS):
        j = 1 + (k + 1) * (n // (BAD_ROWS + 1))
        lines[j] = lines[j].replace("-", "/", 1) if k % 2 == 0 else "99," + lines[j].split(",", 1)[1]
    return "\n".join(lines).encode("utf-8")


def broken_lines(n: int) -> list[int]:
    """The CSV lines (header = line 1) :func:`make_csv` breaks."""
    return [1 + (k + 1) * (n // (BAD_ROWS + 1)) + 1 for k in range(BAD_ROWS)]


def ours(data: bytes, limit: int) -> tuple[Any, dict[str, Any]]:
    result = read_user_layer(data, UserLayerOptions(layer_id="bench", max_bytes=limit), file="bench.csv")
    return result, build_payload(result.layer)


def ours_read(data: bytes, limit: int) -> Any:
    return read_user_layer(data, UserLayerOptions(layer_id="bench", max_bytes=limit), file="bench.csv")


def peer_read(data: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """The straightforward per-row reader: the same rules, one Python object per row."""
    features: list[dict[str, Any]] = []
    problems: list[str] = []
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    for row in reader:
        line = reader.line_num
        try:
            start = PartialDate.parse(row["start"])
            end = PartialDate.parse(row["end"]) if row["end"] else None
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            problems.append(f"bench.csv:{line}: {exc}")
            continue
        if not REGION.contains(lon, lat):
            problems.append(f"bench.csv:{line}: outside the region")
            continue
        if end is not None and end.last_day() < start.first_day():
            problems.append(f"bench.csv:{line}: end before start")
            continue
        url = row["url"] if row["url"].startswith(("http://", "https://")) else None
        features.append({"type": "Feature", "id": f"bench-{line}",
                         "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                         "properties": {"s": day_number(start.first_day()),
                                        "e": None if end is None else day_number(end.last_day()),
                                        "name": row["name"], "kind": row["kind"], "url": url}})
    return features, problems


def peer_payload(features: list[dict[str, Any]]) -> tuple[int, int]:
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":"))
    raw = text.encode("utf-8")
    return len(raw), len(base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)))


def timed(call: Callable[[], Any], runs: int) -> tuple[list[float], list[float], Any]:
    """Wall-clock and CPU seconds of each run (CPU time is what other work on a shared machine disturbs least)."""
    wall, cpu, value = [], [], None
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        value = call()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return wall, cpu, value


def peak_mib(call: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def export_base_bytes() -> int | None:
    """Today's exported map document for the shipped dataset (what the layer is added to), in bytes."""
    try:
        from geo.config import Settings
        from geo.io import load_catalog
        from geo.render import MapOptions, build_document

        settings = Settings()
        catalog = load_catalog(settings).catalog
        return len(build_document(catalog, MapOptions(day=settings.today), today=settings.today).encode("utf-8"))
    except Exception as exc:  # the bench still prints the rest
        print(f"(could not build the export for comparison: {exc})", file=sys.stderr)
        return None


def mb(n: float) -> str:
    return f"{n / 1e6:.2f} MB"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="timed runs per size (1 at 1,000,000)")
    parser.add_argument("--no-peer-above", type=int, default=10**9, help="skip the peer for larger N")
    args = parser.parse_args(argv)

    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, numpy {np.__version__}, load average {load[0]:.2f} {load[1]:.2f} at start")
    base = export_base_bytes()
    print(f"today's export (shipped dataset, no user layer): {mb(base) if base else '?'}\n")
    header = ("| N | CSV | who | read+check wall best / median | read+check CPU best | pack | payload raw | "
              "payload gzip+base64 | export total | peak memory | rows left out |")
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for n in args.sizes:
        data = make_csv(n)
        limit = max(MAX_LAYER_BYTES, len(data) + 1)
        size = mb(len(data)) + (" (limit raised)" if len(data) > MAX_LAYER_BYTES else "")
        runs = 1 if n >= 1_000_000 else args.runs
        read_wall, read_cpu, result = timed(lambda data=data, limit=limit: ours_read(data, limit), runs)
        pack_wall, pack_cpu, payload = timed(lambda layer=result.layer: build_payload(layer), runs)
        packed = len(payload["data"])
        payload_json = len(json.dumps(payload, separators=(",", ":")))
        memory = peak_mib(lambda data=data, limit=limit: ours(data, limit))
        total = mb(base + payload_json) if base else "?"
        print(f"| {n:,} | {size} | ours | {min(read_wall):.3f} s / {statistics.median(read_wall):.3f} s | "
              f"{min(read_cpu):.3f} s | {min(pack_wall):.3f} s ({min(pack_cpu):.3f} s CPU) | {mb(payload['raw_bytes'])} | "
              f"{mb(packed)} ({packed / n:.1f} B/pt) | {total} | {memory:.0f} MiB | {result.rows_left_out} |")
        reported = sorted({p.row for p in result.problems})
        if reported != broken_lines(n):
            print(f"| {n:,} | | ours | WRONG ROWS: reported {reported}, broken {broken_lines(n)} | | | | | | | |")
        if n > args.no_peer_above:
            print(f"| {n:,} | | peer | (skipped) | | | | | | | |")
            continue
        peer_wall, peer_cpu, (features, problems) = timed(lambda data=data: peer_read(data), runs)
        t0, c0 = time.perf_counter(), time.process_time()
        raw, packed_peer = peer_payload(features)
        peer_pack, peer_pack_cpu = time.perf_counter() - t0, time.process_time() - c0
        peer_memory = peak_mib(lambda data=data: peer_payload(peer_read(data)[0]))
        peer_total = mb(base + packed_peer + 100) if base else "?"
        print(f"| {n:,} | | peer | {min(peer_wall):.3f} s / {statistics.median(peer_wall):.3f} s | "
              f"{min(peer_cpu):.3f} s | {peer_pack:.3f} s ({peer_pack_cpu:.3f} s CPU) | {mb(raw)} | "
              f"{mb(packed_peer)} ({packed_peer / n:.1f} B/pt) | "
              f"{peer_total} | {peer_memory:.0f} MiB | {len(problems)} |")
        print(f"| | | peer/ours | {min(peer_wall) / min(read_wall):.1f}x | {min(peer_cpu) / min(read_cpu):.1f}x | "
              f"{peer_pack_cpu / min(pack_cpu):.1f}x (CPU) | | {packed_peer / packed:.1f}x | | {peer_memory / memory:.1f}x | |")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"\nload average {load[0]:.2f} at the end (2 cores shared: times vary with the other work on the machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
