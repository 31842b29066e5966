/**
 * userlayer/model.js — one decoded user layer on the time axis: which features are on the map (a flag per
 * feature, kept up to date by the time index: a date change touches only the features that enter or leave), the
 * count, and each feature's id and texts read on demand from the columns (no object per feature). Also how a
 * feature's day interval is written back as partial dates for the popup and the list. Pure.
 */

import { dayToIso, lastDay } from '../days.js';
import { OPEN_END, featureId } from './decode.js';
import { forEachChange, makeTimeIndex, upperBound } from './timeindex.js';

/**
 * The model of a decoded payload (decode.js): {count, on (Uint8Array flags), active(), day(), setDay(day, enter,
 * leave) → {entered, left, examined}, idOf(i), textOf(column, i), activeIds(), firstActive(limit), hasText(column),
 * range(i)}.
 */
export function createModel(decoded) {
  const c = decoded.columns;
  const n = decoded.count;
  const index = makeTimeIndex(c.start, c.end, c.by_start, c.by_end);
  const on = new Uint8Array(n);
  const tables = { name: decoded.text.names, kind: decoded.text.kinds, url: decoded.text.urls,
    description: decoded.text.descriptions };
  let current = null;
  let active = 0;

  /**
   * Shows the layer as of `day`: the first time from scratch (the features started by then), later by steps that
   * touch only the features entering or leaving; enter(f) / leave(f), when given, hear each of those changes.
   */
  function setDay(day, enter, leave) {
    if (current === null) {
      const stop = upperBound(index.sortedStart, day);
      for (let k = 0; k < stop; k += 1) {
        const f = index.byStart[k];
        if (c.end[f] >= day) { on[f] = 1; active += 1; }
      }
      current = day;
      return { entered: active, left: 0, examined: stop };
    }
    let entered = 0;
    let left = 0;
    const examined = forEachChange(index, current, day,
      (f) => { on[f] = 1; entered += 1; if (enter) enter(f); },
      (f) => { on[f] = 0; left += 1; if (leave) leave(f); });
    active += entered - left;
    current = day;
    return { entered, left, examined };
  }

  function textOf(column, i) {
    const codes = c[column];
    const table = tables[column];
    if (!codes || !table) return null;
    const k = codes[i];
    return k >= 0 && k < table.length ? String(table[k]) : null;
  }

  function activeIds() {
    const out = [];
    for (let i = 0; i < n; i += 1) if (on[i]) out.push(featureId(decoded, i));
    return out;
  }

  /** The first `limit` features on the map, in payload (start) order. */
  function firstActive(limit) {
    const out = [];
    for (let i = 0; i < n && out.length < limit; i += 1) if (on[i]) out.push(i);
    return out;
  }

  return {
    decoded, count: n, on, index,
    active: () => active,
    day: () => current,
    setDay,
    idOf: (i) => featureId(decoded, i),
    textOf,
    hasText: (column) => !!(c[column] && tables[column]),
    activeIds,
    firstActive,
    range: (i) => partialRange(c.start[i], c.end[i]),
  };
}

function isFirstOfMonth(day) {
  return dayToIso(day).endsWith('-01');
}

function isJan1(day) {
  return dayToIso(day).slice(5) === '01-01';
}

function isDec31(day) {
  return dayToIso(day).slice(5) === '12-31';
}

function isLastOfMonth(day) {
  return lastDay(dayToIso(day).slice(0, 7)) === day;
}

/**
 * A feature's first and last active day written back as partial dates {start, end} (end null = open): whole
 * years as "YYYY", whole months as "YYYY-MM", else days. (The payload keeps day numbers only; a closed interval from
 * the first of a month to the last of a month reads the same as the month dates it came from.)
 */
export function partialRange(s, e) {
  const start = dayToIso(s);
  if (e === OPEN_END) return { start, end: null };
  const end = dayToIso(e);
  if (isJan1(s) && isDec31(e)) return { start: start.slice(0, 4), end: end.slice(0, 4) };
  if (isFirstOfMonth(s) && isLastOfMonth(e)) return { start: start.slice(0, 7), end: end.slice(0, 7) };
  return { start, end };
}
