// The postMessage protocol's gate (geo/static/src/messaging.js): exactly four command shapes with valid values pass,
// everything else is ignored; and the frame height the map asks for depends on the width only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { isoToDay } from '../../geo/static/src/days.js';
import { COMMANDS, frameHeight, parseCommand } from '../../geo/static/src/messaging.js';

const KNOWN = {
  range: { min: isoToDay('1992-01-01'), max: isoToDay('2026-01-01') },
  langs: new Set(['en', 'ru', 'hy', 'az', 'ka']),
  layers: new Map([['events', {}], ['gyumri_base', {}], ['lachin_corridor', {}]]),
  chapters: 14,
};

describe('parseCommand: the four commands', () => {
  test('setDate: a calendar day inside the range, as a day number', () => {
    assert.deepEqual(parseCommand({ type: 'presence:setDate', date: '2020-11-10' }, KNOWN),
      { type: 'presence:setDate', value: isoToDay('2020-11-10') });
    for (const date of ['1992-01-01', '2026-01-01']) {
      assert.ok(parseCommand({ type: 'presence:setDate', date }, KNOWN), date + ': the range is inclusive');
    }
  });
  test('setLanguage, setLayers, goToChapter', () => {
    assert.deepEqual(parseCommand({ type: 'presence:setLanguage', lang: 'hy' }, KNOWN),
      { type: 'presence:setLanguage', value: 'hy' });
    assert.deepEqual(parseCommand({ layers: ['events', 'gyumri_base'], type: 'presence:setLayers' }, KNOWN),
      { type: 'presence:setLayers', value: ['events', 'gyumri_base'] });
    assert.deepEqual(parseCommand({ type: 'presence:setLayers', layers: [] }, KNOWN),
      { type: 'presence:setLayers', value: [] }, 'no layers: the host may hide them all');
    assert.deepEqual(parseCommand({ type: 'presence:goToChapter', chapter: 14 }, KNOWN),
      { type: 'presence:goToChapter', value: 14 });
  });
  test('an object with a null prototype is a plain object too', () => {
    const data = Object.assign(Object.create(null), { type: 'presence:goToChapter', chapter: 1 });
    assert.deepEqual(parseCommand(data, KNOWN), { type: 'presence:goToChapter', value: 1 });
  });
  test('the layer list is copied: the caller cannot change it afterwards', () => {
    const layers = ['events'];
    const cmd = parseCommand({ type: 'presence:setLayers', layers }, KNOWN);
    layers.push('gyumri_base');
    assert.deepEqual(cmd.value, ['events']);
  });
});

describe('parseCommand: everything else is ignored (null)', () => {
  const bad = [
    ['not an object', 'presence:setDate'], ['null', null], ['undefined', undefined], ['a number', 7],
    ['an array', [{ type: 'presence:setDate', date: '2020-11-10' }]],
    ['a Date', new Date()], ['a class instance', new (class X { constructor() { this.type = 'presence:setDate'; this.date = '2020-11-10'; } })()],
    ['no type', { date: '2020-11-10' }], ['an unknown type', { type: 'presence:eval', code: '1' }],
    ['Streamlit\'s render message', { type: 'streamlit:render', args: {} }],
    ['a type inherited from Object', { type: 'toString', date: '2020-11-10' }],
    ['a type inherited from Object (2)', { type: '__proto__', date: '2020-11-10' }],
    ['a type that is not a string', { type: ['presence:setDate'], date: '2020-11-10' }],
    ['an extra key', { type: 'presence:setDate', date: '2020-11-10', lang: 'ru' }],
    ['the wrong key', { type: 'presence:setDate', day: '2020-11-10' }],
    ['only the type', { type: 'presence:setDate' }],
    ['a date before the range', { type: 'presence:setDate', date: '1991-12-31' }],
    ['a date after the range', { type: 'presence:setDate', date: '2026-01-02' }],
    ['a day that does not exist', { type: 'presence:setDate', date: '2023-02-29' }],
    ['a month date', { type: 'presence:setDate', date: '2020-11' }],
    ['a date with a time', { type: 'presence:setDate', date: '2020-11-10T00:00' }],
    ['a date with spaces', { type: 'presence:setDate', date: ' 2020-11-10' }],
    ['Arabic-Indic digits', { type: 'presence:setDate', date: '٢٠٢٠-١١-١٠' }],
    ['a day number', { type: 'presence:setDate', date: 18576 }],
    ['a Date object', { type: 'presence:setDate', date: new Date(0) }],
    ['an unknown language', { type: 'presence:setLanguage', lang: 'de' }],
    ['a language in capitals', { type: 'presence:setLanguage', lang: 'RU' }],
    ['a language array', { type: 'presence:setLanguage', lang: ['ru'] }],
    ['a 5 MB language', { type: 'presence:setLanguage', lang: 'r'.repeat(5e6) }],
    ['layers as a string', { type: 'presence:setLayers', layers: 'events' }],
    ['an unknown layer', { type: 'presence:setLayers', layers: ['events', 'nope'] }],
    ['a layer twice', { type: 'presence:setLayers', layers: ['events', 'events'] }],
    ['a layer id that is not a string', { type: 'presence:setLayers', layers: [1] }],
    ['more layers than the map has', { type: 'presence:setLayers', layers: ['events', 'gyumri_base', 'lachin_corridor', 'x'] }],
    ['an inherited layer name', { type: 'presence:setLayers', layers: ['constructor'] }],
    ['chapter 0', { type: 'presence:goToChapter', chapter: 0 }],
    ['chapter past the last', { type: 'presence:goToChapter', chapter: 15 }],
    ['chapter 1.5', { type: 'presence:goToChapter', chapter: 1.5 }],
    ['chapter as text', { type: 'presence:goToChapter', chapter: '1' }],
    ['chapter NaN', { type: 'presence:goToChapter', chapter: NaN }],
    ['chapter Infinity', { type: 'presence:goToChapter', chapter: Infinity }],
  ];
  for (const [name, data] of bad) {
    test(name, () => assert.equal(parseCommand(data, KNOWN), null));
  }
  test('a map without chapters takes no goToChapter', () => {
    assert.equal(parseCommand({ type: 'presence:goToChapter', chapter: 1 }, { ...KNOWN, chapters: 0 }), null);
  });
  test('exactly four commands exist', () => {
    assert.deepEqual(Object.keys(COMMANDS).sort(),
      ['presence:goToChapter', 'presence:setDate', 'presence:setLanguage', 'presence:setLayers']);
    assert.ok(Object.isFrozen(COMMANDS));
  });
});

describe('frameHeight: the height the map asks for depends on the width only', () => {
  test('wide frames: about 16:10, within 480..760 px', () => {
    assert.equal(frameHeight(1000, false), 625);
    assert.equal(frameHeight(700, false), 480);
    assert.equal(frameHeight(2400, true), 760);
  });
  test('phones: taller than wide, taller still with the chapter panel', () => {
    assert.equal(frameHeight(390, false), 560);
    assert.equal(frameHeight(500, false), 700);
    assert.equal(frameHeight(500, true), 800);
    assert.ok(frameHeight(390, true) > 390);
  });
  test('a width that is not a number gets a sensible height, never NaN', () => {
    for (const w of [NaN, undefined, -5, 0, Infinity]) assert.ok(Number.isFinite(frameHeight(w, false)), String(w));
  });
});
