// changes.js: what changed between two dates, plural forms of the five languages, the spoken sentence; and the
// locale strings it uses exist in every language with every plural form.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  changePhrases, changeSentence, dayChanges, nameList, plural, pluralCategory,
} from '../../geo/static/src/changes.js';
import { isoToDay } from '../../geo/static/src/days.js';
import { readJson } from './helpers.mjs';

const D = (iso) => isoToDay(iso);
const items = [
  { name: 'Base B', layer: 'a', s: D('2020-11-10'), e: Infinity },
  { name: 'Base A', layer: 'a', s: D('2020-11-10'), e: D('2024-06-12') },
  { name: 'Post', layer: 'b', s: D('2020-11-10'), e: Infinity },
  { name: 'Old', layer: 'a', s: D('1994-05-01'), e: D('2020-11-09') },
  { name: 'Always', layer: 'a', s: -Infinity, e: Infinity },
];
const LANGS = ['en', 'ru', 'hy', 'az', 'ka'];
const strings = Object.fromEntries(LANGS.map((l) => [l, readJson('geo', 'locales', l + '.json')]));
const tFor = (lang) => (key) => (key in strings[lang] ? strings[lang][key] : key);

describe('dayChanges', () => {
  test('forward: appeared and ended, among the visible layers, sorted by name', () => {
    const c = dayChanges(items, D('2020-11-09'), D('2020-11-10'), new Set(['a']));
    assert.equal(c.forward, true);
    assert.deepEqual(c.appeared.map((x) => x.name), ['Base A', 'Base B']);
    assert.deepEqual(c.gone.map((x) => x.name), ['Old']);
  });
  test('the end day itself is still on the map (the active-on rule)', () => {
    const c = dayChanges(items, D('2024-06-12'), D('2024-06-13'), new Set(['a', 'b']));
    assert.deepEqual(c.gone.map((x) => x.name), ['Base A']);
    assert.deepEqual(c.appeared, []);
  });
  test('backward: what shows again, and what has not begun yet', () => {
    const c = dayChanges(items, D('2021-01-01'), D('2020-01-01'), new Set(['a', 'b']));
    assert.equal(c.forward, false);
    assert.deepEqual(c.appeared.map((x) => x.name), ['Old']);
    assert.deepEqual(c.gone.map((x) => x.name), ['Base A', 'Base B', 'Post']);
  });
  test('the same day, or no layers: no change', () => {
    const same = dayChanges(items, D('2021-01-01'), D('2021-01-01'), new Set(['a']));
    assert.equal(same.appeared.length + same.gone.length, 0);
    const none = dayChanges(items, D('2020-11-09'), D('2020-11-10'), new Set());
    assert.equal(none.appeared.length + none.gone.length, 0);
  });
});

describe('plural forms (CLDR cardinals)', () => {
  test('Russian one / few / many', () => {
    const cases = { 1: 'one', 21: 'one', 101: 'one', 2: 'few', 4: 'few', 22: 'few', 11: 'many', 12: 'many', 14: 'many',
      5: 'many', 0: 'many', 111: 'many', 25: 'many' };
    for (const [n, cat] of Object.entries(cases)) assert.equal(pluralCategory('ru', +n), cat, n);
  });
  test('Armenian: 0 and 1 are one', () => {
    assert.equal(pluralCategory('hy', 0), 'one');
    assert.equal(pluralCategory('hy', 1), 'one');
    assert.equal(pluralCategory('hy', 2), 'other');
  });
  test('English, Azerbaijani, Georgian: 1 is one, the rest other', () => {
    for (const lang of ['en', 'az', 'ka']) {
      assert.equal(pluralCategory(lang, 1), 'one', lang);
      for (const n of [0, 2, 5, 11, 21]) assert.equal(pluralCategory(lang, n), 'other', lang + n);
    }
  });
  test('every language has every form of every plural string, each with {n}', () => {
    for (const lang of LANGS) {
      for (const key of ['change_appeared', 'change_ended', 'change_not_yet']) {
        for (const cat of ['one', 'few', 'many', 'other']) {
          const s = strings[lang][key + '_' + cat];
          assert.equal(typeof s, 'string', lang + ' ' + key + '_' + cat);
          assert.ok(s.includes('{n}'), lang + ' ' + key + '_' + cat);
        }
      }
    }
  });
  test('Russian words follow the number', () => {
    const t = tFor('ru');
    assert.equal(plural(t, 'ru', 'change_appeared', 1), 'появился 1 объект');
    assert.equal(plural(t, 'ru', 'change_appeared', 3), 'появились 3 объекта');
    assert.equal(plural(t, 'ru', 'change_appeared', 12), 'появились 12 объектов');
    assert.equal(plural(t, 'ru', 'change_appeared', 21), 'появился 21 объект');
  });
  test('a missing form falls back to _other', () => {
    const t = (k) => ({ x_other: '{n} things' }[k] ?? k);
    assert.equal(plural(t, 'en', 'x', 1), '1 things');
  });
});

describe('the sentence', () => {
  test('English: date, appeared with names, ended with names', () => {
    const c = dayChanges(items, D('2020-11-09'), D('2020-11-10'), new Set(['a', 'b']));
    assert.equal(changeSentence(c, tFor('en'), 'en', '10 November 2020'),
      '10 November 2020: 3 features appeared (Base A, Base B, Post), 1 ended (Old)');
  });
  test('one feature: singular', () => {
    const c = dayChanges(items, D('2024-06-12'), D('2024-06-13'), new Set(['a']));
    assert.equal(changeSentence(c, tFor('en'), 'en', '13 June 2024'), '13 June 2024: 1 ended (Base A)');
  });
  test('going back: "had not begun yet"', () => {
    const c = dayChanges(items, D('2020-11-10'), D('2020-11-09'), new Set(['b']));
    assert.equal(changeSentence(c, tFor('en'), 'en', '9 November 2020'), '9 November 2020: 1 had not begun yet (Post)');
  });
  test('no change', () => {
    const c = dayChanges(items, D('2022-01-01'), D('2022-01-02'), new Set(['a']));
    assert.equal(changeSentence(c, tFor('en'), 'en', '2 January 2022'), '2 January 2022: nothing changed on the map');
  });
  test('long lists are cut to five names and "N more"', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    assert.equal(nameList(names, tFor('en')), 'a, b, c, d, e and 7 more');
    assert.equal(nameList(names, tFor('ru')), 'a, b, c, d, e и ещё 7');
    assert.equal(nameList(names.slice(0, 5), tFor('en')), 'a, b, c, d, e');
  });
  test('every language fills every placeholder', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ name: 'F' + i, layer: 'a', s: D('2020-11-10'), e: Infinity }));
    const c = dayChanges([...many, items[3]], D('2020-11-09'), D('2020-11-10'), new Set(['a']));
    for (const lang of LANGS) {
      const s = changeSentence(c, tFor(lang), lang, 'DATE');
      assert.ok(!/[{}]/.test(s), lang + ': ' + s);
      assert.ok(s.includes('DATE') && s.includes('12') && s.includes('F0') && s.includes('Old'), lang + ': ' + s);
      assert.equal(changePhrases(c, tFor(lang), lang).length, 2);
    }
  });
});
