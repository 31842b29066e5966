/**
 * changes.js — what changed on the map between two dates, in words: the features that appeared, ended (or, going
 * back in time, have not begun yet) between day `from` and day `to` by the active-on rule of days.js, among the
 * visible layers; plural forms of the five languages (CLDR cardinal rules for en ru hy az ka); the sentence the
 * live region speaks ("10 November 2020: 12 features appeared (…), 1 ended (…)"). Pure: no DOM, no Leaflet.
 */

import { activeOn } from './days.js';
import { fill } from './text.js';

/** Names a sentence lists before "… and N more". */
export const SPOKEN_NAMES = 5;

/**
 * The changes from day `from` to day `to`: {from, to, forward, appeared, gone}. `items`: [{s, e, layer, name}]
 * (s, e: day numbers, ±Infinity when open); `layers`: a Set of the visible layer ids. `appeared`: on the map at
 * `to`, not at `from`; `gone`: on at `from`, not at `to` (going forward they ended; going back they have not begun
 * yet). Both sorted by name with `compare` (default: code point order).
 */
export function dayChanges(items, from, to, layers, compare) {
  const cmp = compare || ((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const appeared = [];
  const gone = [];
  if (from !== to) {
    for (const it of items) {
      if (layers && !layers.has(it.layer)) continue;
      const before = activeOn(it.s, it.e, from);
      const after = activeOn(it.s, it.e, to);
      if (after && !before) appeared.push(it);
      else if (before && !after) gone.push(it);
    }
  }
  const byName = (a, b) => cmp(a.name, b.name);
  return { from, to, forward: to > from, appeared: appeared.sort(byName), gone: gone.sort(byName) };
}

/** The CLDR plural category of the whole number `n` in `lang` (en, ru, hy, az, ka; others: one/other). */
export function pluralCategory(lang, n) {
  const i = Math.abs(Math.trunc(n));
  if (lang === 'ru') {
    if (i % 10 === 1 && i % 100 !== 11) return 'one';
    if (i % 10 >= 2 && i % 10 <= 4 && !(i % 100 >= 12 && i % 100 <= 14)) return 'few';
    return 'many';
  }
  if (lang === 'hy') return i === 0 || i === 1 ? 'one' : 'other';
  return i === 1 && n === i ? 'one' : 'other';
}

/** The string `key_<category>` for `n` (t: the text helper's lookup), with {n} filled; falls back to `_other`. */
export function plural(t, lang, key, n, vars) {
  const wanted = key + '_' + pluralCategory(lang, n);
  let s = t(wanted);
  if (s === wanted) s = t(key + '_other');
  return fill(s, Object.assign({ n }, vars || {}));
}

/** "A, B, C" or, past `max` names, "A, B, C, D, E and 7 more" (the string change_more). */
export function nameList(names, t, max) {
  const limit = max ?? SPOKEN_NAMES;
  if (names.length <= limit) return names.join(', ');
  return fill(t('change_more'), { names: names.slice(0, limit).join(', '), n: names.length - limit });
}

/** The phrases of a change, without names: ["12 features appeared", "1 ended"] (empty when nothing changed). */
export function changePhrases(change, t, lang) {
  const out = [];
  if (change.appeared.length) out.push({ kind: 'appeared', text: plural(t, lang, 'change_appeared', change.appeared.length), items: change.appeared });
  if (change.gone.length) {
    const key = change.forward ? 'change_ended' : 'change_not_yet';
    out.push({ kind: change.forward ? 'ended' : 'not_yet', text: plural(t, lang, key, change.gone.length), items: change.gone });
  }
  return out;
}

/**
 * The sentence for a screen reader: "{date}: 12 features appeared (A, B, …), 1 ended (C)", or "{date}: nothing
 * changed on the map". `dateWords`: the new date in words.
 */
export function changeSentence(change, t, lang, dateWords) {
  const phrases = changePhrases(change, t, lang)
    .map((p) => p.text + ' (' + nameList(p.items.map((it) => it.name), t) + ')');
  return fill(t('change_line'), { date: dateWords, changes: phrases.length ? phrases.join(', ') : t('change_none') });
}
