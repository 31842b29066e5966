// headline.js and controls/credit.js: the footer's date sentence follows the day, notes and byline are text, the
// source line names the dataset, its publisher and the other sources.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { creditText } from '../../geo/static/src/controls/credit.js';
import { isoToDay } from '../../geo/static/src/days.js';
import { bylineText, footText, situationText } from '../../geo/static/src/headline.js';
import { makeText } from '../../geo/static/src/text.js';
import { fixture, readJson } from './helpers.mjs';

const WORDS = fixture('date_words.json');
const STRINGS = Object.fromEntries(['en', 'ru', 'hy', 'az', 'ka'].map((l) => [l, readJson('geo', 'locales', l + '.json')]));

function text(lang) {
  return makeText({ dates: WORDS.patterns, strings: STRINGS }, { lang, swap: false });
}

describe('the footer', () => {
  const day = isoToDay('2022-12-12');
  test('the situation sentence: the slider day and the data-as-of date, in words', () => {
    assert.equal(situationText(text('en'), day, '2026-02-27'),
      'Situation on 12 December 2022; data as of 27 February 2026.');
    assert.equal(situationText(text('en'), day + 1, '2026-02'), 'Situation on 13 December 2022; data as of February 2026.');
    for (const lang of ['ru', 'hy', 'az', 'ka']) {
      const s = situationText(text(lang), day, '2026-02-27');
      assert.ok(s.includes(text(lang).dayWords(day)), lang + ': ' + s);
      assert.doesNotMatch(s, /\{|\}/, lang);
    }
  });
  test('notes come first, joined with a full stop when they have none', () => {
    const T = text('en');
    assert.equal(footText(T, { notes: 'Dashed: approximate' }, day, '2026-02-27'),
      'Dashed: approximate. Situation on 12 December 2022; data as of 27 February 2026.');
    assert.equal(footText(T, { notes: 'Areas are schematic.' }, day, null), 'Areas are schematic. 12 December 2022');
    assert.equal(footText(T, {}, day, '2026-02-27'), 'Situation on 12 December 2022; data as of 27 February 2026.');
  });
  test('hostile text stays as written (it only ever reaches textContent)', () => {
    const hostile = '<img src=x onerror=alert(1)> {{ 7*191 }} {date}';
    assert.ok(footText(text('en'), { notes: hostile }, day, '2026-02-27').startsWith(hostile));
    assert.equal(bylineText(text('en'), { byline: hostile }), 'Map: ' + hostile);
    assert.equal(bylineText(text('en'), { byline: null }), '');
  });
});

describe('the source line', () => {
  const payload = { dataset: { title: 'Presence', version: '1.0.0', credit: 'The contributors', data_as_of: '2026-02-27',
    reference_credits: ['Natural Earth', 'GeoNames (CC BY 4.0)'] } };
  test('Data: title, version, from whom; the other sources', () => {
    const ctx = { text: text('en'), payload };
    assert.equal(creditText(ctx, false), 'Data: Presence v1.0.0 from The contributors; Natural Earth; GeoNames (CC BY 4.0)');
    assert.equal(creditText(ctx, true),
      'Data: Presence v1.0.0 from The contributors; Natural Earth; GeoNames (CC BY 4.0), data as of 27 February 2026');
  });
  test('the byline opens it; no publisher: no dangling "from"', () => {
    const ctx = { text: text('en'), payload: { ...payload, headline: { byline: 'J. Doe' },
      dataset: { ...payload.dataset, credit: '' } } };
    assert.equal(creditText(ctx, false), 'Map: J. Doe · Data: Presence v1.0.0; Natural Earth; GeoNames (CC BY 4.0)');
  });
  test('every language fills every placeholder', () => {
    for (const lang of ['ru', 'hy', 'az', 'ka']) {
      const line = creditText({ text: text(lang), payload }, false);
      assert.doesNotMatch(line, /\{|\}/, lang);
      assert.ok(line.includes('Presence v1.0.0') && line.includes('GeoNames (CC BY 4.0)'), lang);
    }
  });
});
