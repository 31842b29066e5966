"""What changed on the map between two dates: the features that appeared and the ones that ended (no Streamlit here).

A feature is on the map on day D iff ``first_day(start) <= D <= last_day(end)`` (:meth:`geo.model.Catalog.active_on`),
so the map changes only on a feature's first day and on the day after its last day (:func:`change_days`).

:func:`changes_for` answers the app's "what changed" panel:

* after the reader moved from date P to date D, it compares P with D. The two dates are put in time order, so
  "appeared" always means *began between the earlier and the later date* and "ended" *ended between them*, whichever
  way the reader moved (a move back from 2024 to 2020 lists what appeared after 2020, not a nonsense "ended");
* on a first visit (no earlier date), it compares D with the day before the latest change on or before D: what the
  last change on the map was.

Only the layers shown count (``None`` = the manifest's visible layers, as everywhere). Dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from geo.model import Catalog, Feature

__all__ = ["Changes", "change_days", "changes_between", "changes_for", "previous_change", "shown_layers"]

_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Changes:
    """The difference between the map on ``start`` and on ``end`` (``start < end``), in time order.

    ``appeared``: on the map on ``end`` but not on ``start`` (sorted by first day, then id); ``ended``: on the map on
    ``start`` but not on ``end`` (sorted by last day, then id). ``moved_back`` is true when the reader came from the
    later date (``end``) to the earlier one; ``last_change`` is true when no earlier date was known and the dates
    frame the latest change on or before the reader's date (then ``end`` is that change's day).
    """

    start: dt.date
    end: dt.date
    appeared: tuple[Feature, ...]
    ended: tuple[Feature, ...]
    moved_back: bool = False
    last_change: bool = False

    @property
    def empty(self) -> bool:
        """Nothing appeared and nothing ended."""
        return not self.appeared and not self.ended


def shown_layers(catalog: Catalog, layers: frozenset[str] | None) -> frozenset[str]:
    """``layers``, or the manifest's visible layers when ``None``."""
    return layers if layers is not None else frozenset(layer.id for layer in catalog.layers if layer.visible)


def change_days(catalog: Catalog, *, layers: frozenset[str] | None = None) -> tuple[dt.date, ...]:
    """Every day on which the map changes, ascending: each feature's first day and the day after its last day."""
    days: set[dt.date] = set()
    for feature in _features(catalog, shown_layers(catalog, layers)):
        days.add(feature.interval.first)
        last = feature.interval.last
        if last is not None and last < dt.date.max:
            days.add(last + _ONE_DAY)
    return tuple(sorted(days))


def previous_change(catalog: Catalog, day: dt.date, *, layers: frozenset[str] | None = None) -> dt.date | None:
    """The latest day ``<= day`` on which the map changed, or ``None`` (nothing has begun yet)."""
    earlier = [d for d in change_days(catalog, layers=layers) if d <= day]
    return earlier[-1] if earlier else None


def changes_between(catalog: Catalog, start: dt.date, end: dt.date, *,
                    layers: frozenset[str] | None = None) -> Changes:
    """What appeared and what ended on the map from ``start`` to ``end`` (swapped into time order if needed)."""
    moved_back = end < start
    if moved_back:
        start, end = end, start
    shown = shown_layers(catalog, layers)
    before = {f.id for f in catalog.active_on(start, layers=shown)}
    after = {f.id for f in catalog.active_on(end, layers=shown)}
    features = _features(catalog, shown)
    appeared = sorted((f for f in features if f.id in after and f.id not in before),
                      key=lambda f: (f.interval.first, f.id))
    ended = sorted((f for f in features if f.id in before and f.id not in after),
                   key=lambda f: (f.interval.last or dt.date.max, f.id))
    return Changes(start, end, tuple(appeared), tuple(ended), moved_back=moved_back)


def changes_for(catalog: Catalog, day: dt.date, *, previous: dt.date | None = None,
                layers: frozenset[str] | None = None) -> Changes | None:
    """The app's "what changed" for a reader on ``day`` who came from ``previous`` (see the module docstring).

    ``None`` when there is nothing to compare with: no earlier date and no change on or before ``day``.
    """
    if previous is not None and previous != day:
        return changes_between(catalog, previous, day, layers=layers)
    last = previous_change(catalog, day, layers=layers)
    if last is None or last == dt.date.min:
        return None
    found = changes_between(catalog, last - _ONE_DAY, last, layers=layers)
    return Changes(found.start, found.end, found.appeared, found.ended, last_change=True)


def _features(catalog: Catalog, shown: frozenset[str]) -> tuple[Feature, ...]:
    return tuple(f for f in catalog.features if f.layer in shown)
