/**
 * userlayer/timeindex.js — the time index of a user layer: which features enter and leave the map when the date
 * moves, touching only those whose start or end lies between the two days (the port of geo/userlayer/timeindex.py,
 * tested on the same fixture, tests/fixtures/userlayers/timeindex.json).
 *
 * Feature f is on the map on day D iff start[f] <= D <= end[f] (end = OPEN_END when open). Moving from a to b:
 *   forward (a < b):  entered = a < start <= b and end >= b   (a run of by_start)
 *                     left    = a <= end < b  and start <= a  (a run of by_end)
 *   backward (b < a): entered = b <= end < a  and start <= b; left = b < start <= a and end >= a.
 * The runs are found by binary search on the starts and ends in sorted order: a step costs O(log N + the features
 * whose start or end lies between a and b), never O(N). Pure: typed arrays in, numbers out.
 */

/** First position in ascending `sorted` whose value is > v (upper bound). */
export function upperBound(sorted, v) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** First position in ascending `sorted` whose value is >= v (lower bound). */
export function lowerBound(sorted, v) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * The index over start/end day numbers and the two orders a payload carries. The orders are checked: each must be a
 * permutation that sorts its days (a payload that lies would show the wrong features).
 */
export function makeTimeIndex(start, end, byStart, byEnd) {
  const n = start.length;
  if (end.length !== n || byStart.length !== n || byEnd.length !== n) {
    throw new Error('time index: start, end, by_start and by_end must have one length');
  }
  const sortedStart = new Int32Array(n);
  const sortedEnd = new Int32Array(n);
  const seenS = new Uint8Array(n);
  const seenE = new Uint8Array(n);
  for (let k = 0; k < n; k += 1) {
    const fs = byStart[k];
    const fe = byEnd[k];
    if (!(fs < n) || seenS[fs] || !(fe < n) || seenE[fe]) throw new Error('time index: an order is not a permutation');
    seenS[fs] = 1;
    seenE[fe] = 1;
    sortedStart[k] = start[fs];
    sortedEnd[k] = end[fe];
    if (k && (sortedStart[k] < sortedStart[k - 1] || sortedEnd[k] < sortedEnd[k - 1])) {
      throw new Error('time index: an order does not sort its days');
    }
  }
  return { n, start, end, byStart, byEnd, sortedStart, sortedEnd };
}

/**
 * Calls enter(f) / leave(f) for every feature that comes onto / goes off the map moving from day a to day b, in
 * index-run order (no sorting, no allocation). Returns the number of candidates looked at (the cost).
 */
export function forEachChange(index, a, b, enter, leave) {
  if (a === b) return 0;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const { start, end, byStart, byEnd, sortedStart, sortedEnd } = index;
  // starts in (lo, hi] and ends in [lo, hi)
  const s0 = upperBound(sortedStart, lo);
  const s1 = upperBound(sortedStart, hi);
  const e0 = lowerBound(sortedEnd, lo);
  const e1 = lowerBound(sortedEnd, hi);
  if (a < b) {
    for (let k = s0; k < s1; k += 1) { const f = byStart[k]; if (end[f] >= b) enter(f); }
    for (let k = e0; k < e1; k += 1) { const f = byEnd[k]; if (start[f] <= a) leave(f); }
  } else {
    for (let k = e0; k < e1; k += 1) { const f = byEnd[k]; if (start[f] <= b) enter(f); }
    for (let k = s0; k < s1; k += 1) { const f = byStart[k]; if (end[f] >= a) leave(f); }
  }
  return (s1 - s0) + (e1 - e0);
}

/** What a move from day a to day b changes: {entered, left} (ascending feature indices), examined (the cost). */
export function step(index, a, b) {
  const entered = [];
  const left = [];
  const examined = forEachChange(index, a, b, (f) => entered.push(f), (f) => left.push(f));
  const asc = (x, y) => x - y;
  return { entered: entered.sort(asc), left: left.sort(asc), examined };
}

/**
 * Features on the map on `day`, ascending: the run of by_start with start <= day, filtered by end >= day (what a
 * first show costs: the features started by then, once).
 */
export function activeOn(index, day) {
  const out = [];
  const stop = upperBound(index.sortedStart, day);
  for (let k = 0; k < stop; k += 1) {
    const f = index.byStart[k];
    if (index.end[f] >= day) out.push(f);
  }
  return out.sort((x, y) => x - y);
}
