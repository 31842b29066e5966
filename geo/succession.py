"""Successive states with no unexplained gap or overlap day.

A feature that replaces another says so: ``"succeeds": [{"id": "lachin-road-2020"}]``. Under the project's day rule
(a feature is shown on day D iff first_day(start) <= D <= last_day(end)) the successor must start on the day after
its predecessor's last day. A gap (days on which neither is shown) or an overlap (days on which both are) is allowed
only when the data says so, with its exact length and a note: ``{"id": ..., "overlap_days": 1, "note": "..."}``.

Problems carry the rule ``succession`` and name the successor's file and id. Days are calendar days (proleptic
Gregorian), the same day numbers the browser compares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from geo.errors import Problem
from geo.model import Feature, Layer

__all__ = ["check_successions", "succession_days"]


def succession_days(before: Feature, after: Feature) -> int:
    """Days between ``before``'s last day and ``after``'s first day: 1 = seamless, >1 = a gap, <=0 = an overlap.

    Raises ``ValueError`` when ``before`` has no end (it never stops being shown).
    """
    last = before.interval.last
    if last is None:
        raise ValueError(f"{before.id} has no end")
    return (after.interval.first - last).days


def check_successions(layers: Iterable[Layer], files: Mapping[str, str]) -> list[Problem]:
    """Check every ``succeeds`` entry of every feature; one :class:`Problem` per broken succession."""
    layers = list(layers)
    by_id = {f.id: f for layer in layers for f in layer.features}
    problems: list[Problem] = []
    for layer in layers:
        for feature in layer.features:
            entries = feature.properties.get("succeeds") or []
            file = files.get(feature.id, f"{layer.id}.geojson")
            for entry in entries:
                detail = _check(feature, entry, by_id)
                if detail:
                    problems.append(Problem(file, feature.id, "succession", detail))
    return problems


def _check(feature: Feature, entry: Mapping[str, object], by_id: Mapping[str, Feature]) -> str | None:
    before_id = str(entry.get("id"))
    before = by_id.get(before_id)
    if before is None:
        return f"succeeds {before_id!r}, which is no feature"
    if before.id == feature.id:
        return "a feature cannot succeed itself"
    try:
        step = succession_days(before, feature)
    except ValueError:
        return f"succeeds {before_id!r}, which has no end (end: null): give it the last day it was shown"
    gap_days = int(str(entry.get("gap_days", 0)))
    overlap_days = int(str(entry.get("overlap_days", 0)))
    last, first = before.interval.last, feature.interval.first
    if step > 1:
        gap = step - 1
        if gap == gap_days and not overlap_days:
            return None
        return (f"{gap} day(s) with neither shown: {before_id} ends {last}, {feature.id} starts {first}"
                + (f" (the data declares gap_days {gap_days})" if gap_days else "; close the gap or declare gap_days "
                   "with a note"))
    overlap = 1 - step
    if overlap == overlap_days and not gap_days:
        return None
    if overlap == 0:
        declared = f"gap_days {gap_days}" if gap_days else f"overlap_days {overlap_days}"
        return f"{before_id} ends {last} and {feature.id} starts {first}, seamless, but the data declares {declared}"
    return (f"{overlap} day(s) with both shown: {before_id} ends {last}, {feature.id} starts {first}"
            + (f" (the data declares overlap_days {overlap_days})" if overlap_days else "; remove the overlap or "
               "declare overlap_days with a note"))
