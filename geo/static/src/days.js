/**
 * days.js — day numbers (whole days since 1970-01-01, UTC), ISO and partial dates, month arithmetic, and THE
 * active-on rule: a feature is on the map on day D iff first_day(start) <= D <= last_day(end), both ends inclusive,
 * an open end being ongoing. Python writes the same rule (geo.temporal); tests/fixtures/active_on.json is the one
 * table both test suites check. Pure: no DOM, no Leaflet, nothing at import.
 */

export const DAY_MS = 86400000;
const ISO_DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** The day number of a calendar date (monthIndex 0..11; out-of-range values roll over, as Date.UTC does). */
export function utcDay(year, monthIndex, day) {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return Math.round(d.getTime() / DAY_MS);
}

/** Day number → "YYYY-MM-DD". */
export function dayToIso(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" → day number, or null when malformed or not a calendar date. */
export function isoToDay(text) {
  const m = typeof text === 'string' ? ISO_DAY_RE.exec(text) : null;
  if (!m) return null;
  const day = utcDay(+m[1], +m[2] - 1, +m[3]);
  return dayToIso(day) === text ? day : null;
}

/**
 * "YYYY[-MM[-DD]]" → {day (its first day), precision: 'year' | 'month' | 'day'}, or null when malformed or not a
 * calendar date ("2023-00", "2023-13", "2023-02-30").
 */
export function parsePartial(text) {
  const m = typeof text === 'string' ? PARTIAL_RE.exec(text) : null;
  if (!m) return null;
  const precision = m[3] ? 'day' : m[2] ? 'month' : 'year';
  const month = m[2] ? +m[2] : 1;
  if (month < 1 || month > 12) return null;
  const day = utcDay(+m[1], month - 1, m[3] ? +m[3] : 1);
  if (m[3] && new Date(day * DAY_MS).getUTCDate() !== +m[3]) return null;
  return { day, precision };
}

/** The first day of a partial date, or null. */
export function firstDay(text) {
  const p = parsePartial(text);
  return p ? p.day : null;
}

/** The last day of a partial date ("2024-02" → 29 Feb 2024, "2009" → 31 Dec 2009), or null. */
export function lastDay(text) {
  const p = parsePartial(text);
  if (!p) return null;
  if (p.precision === 'day') return p.day;
  const d = new Date(p.day * DAY_MS);
  const y = d.getUTCFullYear();
  return p.precision === 'month' ? utcDay(y, d.getUTCMonth() + 1, 0) : utcDay(y, 11, 31);
}

/** A feature's [s, e] day numbers from its dates: an open end (null) is Infinity. Null when a date is malformed. */
export function interval(start, end) {
  const s = firstDay(start);
  const e = end === null || end === undefined ? Infinity : lastDay(end);
  return s === null || e === null ? null : [s, e];
}

/** The active-on rule on day numbers: s <= day <= e (s may be -Infinity, e Infinity). */
export function activeOn(s, e, day) {
  return s <= day && day <= e;
}

/** Adds calendar months, keeping the day of month where possible (31 Jan + 1 month → 28/29 Feb). */
export function addMonths(day, months) {
  const d = new Date(day * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return utcDay(y, m, Math.min(d.getUTCDate(), last));
}

/** One step of the time control: `n` days, months or years (a year is 12 months: 29 Feb + 1 year → 28 Feb). */
export function shiftDay(day, unit, n) {
  if (unit === 'day') return day + n;
  return addMonths(day, unit === 'year' ? 12 * n : n);
}

/** The UTC calendar year of a day number. */
export function yearOf(day) {
  return new Date(day * DAY_MS).getUTCFullYear();
}
