/**
 * text.js — everything the map writes in words: UI strings in the current language (with English and a few
 * built-in fallbacks), {placeholder} filling, dates in the CLDR patterns and month names Babel gives the payload
 * (so the browser writes dates exactly as Python does), numbers, names (contested forms swapped on request),
 * kind and layer labels, date ranges. makeText binds these to the live state (language, swap). No DOM.
 */

import { DAY_MS, dayToIso, parsePartial } from './days.js';

/**
 * English for the few keys that the locale files may not have yet (new in this version). Used ONLY when the
 * payload's strings lack the key in both the current language and English.
 */
const FALLBACK_EN = {
  width_km: 'Width: {value} km',
  measure_from: 'From',
  measure_to: 'To',
  measure_pick: '—',
  measure_stop: 'Stop measuring',
  chapter_none: '—',
};

/** Replaces {name} placeholders; unknown placeholders are kept. */
export function fill(template, vars) {
  return String(template).replace(/\{(\w+)\}/g, (m, key) => (
    Object.prototype.hasOwnProperty.call(vars, key) ? String(vars[key]) : m));
}

/**
 * Format a UTC day with a CLDR date pattern ("d MMMM y", "LLLL y 'г'.") and the language's month names.
 * Patterns and names come from Babel (payload.dates), so the map writes dates exactly as the Python side
 * does, whatever the browser's own locale data (Debian's Chromium has no Armenian or Georgian month names).
 */
export function formatPattern(pattern, date, table) {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const close = pattern.indexOf("'", i + 1);
      const end = close === -1 ? pattern.length : close;
      out += end === i + 1 ? "'" : pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < pattern.length && pattern[j] === ch) j += 1;
    const n = j - i;
    if (ch === 'd') out += n >= 2 ? String(d).padStart(2, '0') : String(d);
    else if (ch === 'y') out += n === 2 ? String(y % 100).padStart(2, '0') : String(y);
    else if (ch === 'M' || ch === 'L') {
      const names = ch === 'L' ? table.months_standalone : table.months;
      out += n >= 3 ? names[m] : (n === 2 ? String(m + 1).padStart(2, '0') : String(m + 1));
    } else out += pattern.slice(i, j);
    i = j;
  }
  return out;
}

/** Text helpers bound to the live state (language, swap). */
export function makeText(payload, state) {
  const strings = payload.strings || {};
  const dates = payload.dates || {};
  const kindLabels = new Map((payload.kinds || []).map((k) => [k.id, k.label]));
  const layerTitles = new Map((payload.layers || []).map((l) => [l.id, l.title]));

  function pick(value) {
    if (value === null || value === undefined) return '';
    if (typeof value !== 'object') return String(value);
    const v = value[state.lang] ?? value.en;
    if (v !== undefined && v !== null) return String(v);
    const first = Object.values(value).find((x) => typeof x === 'string');
    return first === undefined ? '' : first;
  }

  function t(key) {
    const own = (strings[state.lang] || {})[key];
    if (typeof own === 'string') return own;
    const en = (strings.en || {})[key];
    if (typeof en === 'string') return en;
    return Object.prototype.hasOwnProperty.call(FALLBACK_EN, key) ? FALLBACK_EN[key] : key;
  }

  function dayWords(day, precision) {
    const table = dates[state.lang] || dates.en;
    const date = new Date(day * DAY_MS);
    if (!table) return dayToIso(day);
    return formatPattern(table[precision || 'day'], date, table);
  }

  function partialWords(text) {
    const p = parsePartial(text);
    return p ? dayWords(p.day, p.precision) : String(text || '');
  }

  /** "{x} {date}" phrase: fills "{date}" when the string has it, else appends the date. */
  function withDate(key, words) {
    const s = t(key);
    return s.includes('{date}') ? fill(s, { date: words }) : s + ' ' + words;
  }

  const numberFormats = new Map(); // constructing Intl formatters is costly: one per language and option set

  function numberFormat(min, max) {
    const key = state.lang + '|' + min + '|' + max;
    if (!numberFormats.has(key)) {
      numberFormats.set(key, new Intl.NumberFormat(state.lang, { minimumFractionDigits: min, maximumFractionDigits: max }));
    }
    return numberFormats.get(key);
  }

  function number(value, maxFraction) {
    return numberFormat(0, maxFraction ?? 1).format(value);
  }

  /** Exactly one decimal ("49.3"), for measured distances. */
  function km1(value) {
    return numberFormat(1, 1).format(value);
  }

  const collators = new Map(); // a.localeCompare(b, lang) builds a collator per call: one per language instead

  /** Compares two strings like a.localeCompare(b, current language), with a cached Intl.Collator. */
  function compare(a, b) {
    let c = collators.get(state.lang);
    if (!c) {
      c = new Intl.Collator(state.lang);
      collators.set(state.lang, c);
    }
    return c.compare(a, b);
  }

  /** A list in the current language (chapter questions): {lang: [texts]} → [texts]. */
  function pickList(value) {
    if (!value || typeof value !== 'object') return [];
    const v = value[state.lang] ?? value.en ?? Object.values(value).find(Array.isArray);
    return Array.isArray(v) ? v.map(String) : [];
  }

  function name(f) {
    return pick(state.swap && f.name_swapped ? f.name_swapped : f.name) || f.id;
  }

  function description(f) {
    return pick(state.swap && f.description_swapped ? f.description_swapped : f.description);
  }

  function kind(id) {
    return kindLabels.has(id) ? pick(kindLabels.get(id)) : id;
  }

  function layerTitle(id) {
    return layerTitles.has(id) ? pick(layerTitles.get(id)) : id;
  }

  function isSingleDay(f) {
    return f.end && f.start === f.end;
  }

  /** Uses an optional whole-phrase template (e.g. "date_range": "from {start} until {end}") when given. */
  function optional(key) {
    const s = t(key);
    return s === key ? null : s;
  }

  /** "from … until …" in full sentences (popup). */
  function rangeLong(f) {
    const start = partialWords(f.start);
    if (isSingleDay(f)) return start;
    if (!f.end) {
      const tpl = optional('date_range_open');
      return tpl ? fill(tpl, { start }) : t('from') + ' ' + start + ' — ' + t('ongoing');
    }
    const end = partialWords(f.end);
    const tpl = optional('date_range');
    return tpl ? fill(tpl, { start, end }) : t('from') + ' ' + start + ' ' + t('until') + ' ' + end;
  }

  /** "Length: {value} km"-style strings; a bare label gets ": value" appended. */
  function withValue(key, value) {
    const s = t(key);
    return s.includes('{value}') ? fill(s, { value }) : s + ': ' + value;
  }

  /** "start – end" (table). */
  function rangeShort(f) {
    const start = partialWords(f.start);
    if (isSingleDay(f)) return start;
    return start + ' – ' + (f.end ? partialWords(f.end) : t('ongoing'));
  }

  return { pick, pickList, t, dayWords, partialWords, withDate, withValue, number, km1, name, description, kind,
    layerTitle, rangeLong, rangeShort, compare };
}
