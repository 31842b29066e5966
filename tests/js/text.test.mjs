// text.js: dates written exactly as Python/Babel writes them (tests/fixtures/date_words.json, generated from
// geo.i18n), placeholders, string fallbacks, names and date ranges.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parsePartial } from '../../geo/static/src/days.js';
import { fill, formatPattern, makeText } from '../../geo/static/src/text.js';
import { fixture } from './helpers.mjs';

const WORDS = fixture('date_words.json');

describe('dates in the five languages, against Babel', () => {
  test('the fixture covers en ru hy az ka at every precision', () => {
    assert.deepEqual(Object.keys(WORDS.patterns).sort(), ['az', 'en', 'hy', 'ka', 'ru']);
    const precisions = new Set(WORDS.cases.map((c) => parsePartial(c.date).precision));
    assert.deepEqual([...precisions].sort(), ['day', 'month', 'year']);
  });
  for (const lang of Object.keys(WORDS.patterns)) {
    test(lang + ': every date as the map writes it (payload.dates → partialWords)', () => {
      const state = { lang, swap: false };
      const T = makeText({ dates: WORDS.patterns, strings: {} }, state);
      for (const c of WORDS.cases) assert.equal(T.partialWords(c.date), c.words[lang], c.date);
    });
  }
  test('a language without date tables falls back to English', () => {
    const T = makeText({ dates: { en: WORDS.patterns.en } }, { lang: 'os' });
    assert.equal(T.partialWords('2020-11-10'), '10 November 2020');
  });
});

describe('CLDR patterns', () => {
  const table = WORDS.patterns.ru;
  const date = new Date(Date.UTC(2008, 7, 9));
  test('quoted literals, a doubled quote, numeric fields', () => {
    assert.equal(formatPattern("d MMMM y 'г'.", date, table), '9 августа 2008 г.');
    assert.equal(formatPattern("dd.MM.yy 'at' d", date, table), '09.08.08 at 9');
    assert.equal(formatPattern("''d''", date, table), "'9'");
    assert.equal(formatPattern('LLLL y', date, table), 'август 2008');
    assert.equal(formatPattern('M/d/y', date, table), '8/9/2008');
  });
  test('an unterminated quote runs to the end of the pattern', () => {
    assert.equal(formatPattern("y 'open", date, table), '2008 open');
  });
});

describe('strings', () => {
  test('fill: named placeholders; unknown ones kept; values are not patterns', () => {
    assert.equal(fill('from {start} until {end}', { start: 'A', end: 'B' }), 'from A until B');
    assert.equal(fill('{n} of {total}', { n: 2 }), '2 of {total}');
    assert.equal(fill('{x}', { x: '$& $1 {y}', y: 'no' }), '$& $1 {y}');
    assert.equal(fill('{constructor} {toString}', {}), '{constructor} {toString}');
  });
  test('t: the language, then English, then the built-in fallbacks, then the key itself', () => {
    const state = { lang: 'ru' };
    const T = makeText({ strings: { ru: { layers: 'Слои' }, en: { layers: 'Layers', legend: 'Legend' } } }, state);
    assert.equal(T.t('layers'), 'Слои');
    assert.equal(T.t('legend'), 'Legend');
    assert.equal(T.t('measure_from'), 'From');
    assert.equal(T.t('no.such.key'), 'no.such.key');
    state.lang = 'en';
    assert.equal(T.t('layers'), 'Layers');
  });
  test('pick: current language, English, then any text; names swap on request', () => {
    const state = { lang: 'hy', swap: false };
    const T = makeText({}, state);
    assert.equal(T.pick({ en: 'Gyumri', hy: 'Գյումրի' }), 'Գյումրի');
    assert.equal(T.pick({ en: 'Gyumri' }), 'Gyumri');
    assert.equal(T.pick({ ru: 'Гюмри' }), 'Гюмри');
    assert.equal(T.pick(null), '');
    assert.equal(T.pick(7), '7');
    const f = { id: 'x', name: { hy: 'Ստեփանակերտ / Խանքենդի' }, name_swapped: { hy: 'Խանքենդի / Ստեփանակերտ' } };
    assert.equal(T.name(f), 'Ստեփանակերտ / Խանքենդի');
    state.swap = true;
    assert.equal(T.name(f), 'Խանքենդի / Ստեփանակերտ');
    assert.equal(T.name({ id: 'no-name', name: {} }), 'no-name');
  });
  test('date ranges: one day, an open end, whole-phrase templates, the table form', () => {
    const strings = { en: { from: 'from', until: 'until', ongoing: 'ongoing' },
      ru: { date_range: 'с {start} по {end}', date_range_open: 'с {start} по сей день', ongoing: 'по сей день' } };
    const state = { lang: 'en' };
    const T = makeText({ strings, dates: WORDS.patterns }, state);
    assert.equal(T.rangeLong({ start: '2023-09-19', end: '2023-09-19' }), '19 September 2023');
    assert.equal(T.rangeLong({ start: '2009', end: '2010-05' }), 'from 2009 until May 2010');
    assert.equal(T.rangeLong({ start: '1994', end: null }), 'from 1994 — ongoing');
    assert.equal(T.rangeShort({ start: '1994', end: null }), '1994 – ongoing');
    state.lang = 'ru';
    assert.equal(T.rangeLong({ start: '2020-11-10', end: null }), 'с 10 ноября 2020\u202fг. по сей день');
    assert.equal(T.rangeLong({ start: '2009', end: '2010' }), 'с 2009 по 2010');
  });
  test('numbers and distances in the language\'s own format', () => {
    const state = { lang: 'en' };
    const T = makeText({}, state);
    assert.equal(T.number(3800, 0), '3,800');
    assert.equal(T.km1(49.02), '49.0');
    state.lang = 'ru';
    assert.equal(T.km1(49.02), '49,0');
  });
});
