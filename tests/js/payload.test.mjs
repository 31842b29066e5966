// payload.js and hash.js: checking and expanding the document's data, and reading a link's #hash.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseHash } from '../../geo/static/src/hash.js';
import { normalizePayload, validatePayload } from '../../geo/static/src/payload.js';

const KNOWN = { langs: new Set(['en', 'ru', 'hy', 'az', 'ka']), layers: new Set(['gyumri_base', 'events']), chapters: 3 };

function parse(hash) {
  const warnings = [];
  const out = parseHash(hash, KNOWN, (what) => warnings.push(what));
  return { out, warnings };
}

describe('the link (#hash)', () => {
  test('every key, valid', () => {
    const { out, warnings } = parse('#date=2023-04-23&lang=ru&layers=gyumri_base,events&swap=1&chapter=2');
    assert.deepEqual(out, { day: 19470, lang: 'ru', layers: ['gyumri_base', 'events'], chapter: 2, swap: true });
    assert.deepEqual(warnings, []);
  });
  test('bad values are left out, each with a warning; good ones are kept', () => {
    const { out, warnings } = parse('#date=2023-02-30&lang=xx&layers=events,nope&swap=maybe&chapter=4');
    assert.deepEqual(out, { layers: ['events'] });
    assert.deepEqual(warnings, ['date "2023-02-30"', 'language "xx"', 'unknown layers nope', 'chapter "4"', 'swap "maybe"']);
  });
  test('an empty hash, or one without keys we know, changes nothing', () => {
    assert.deepEqual(parse('').out, {});
    assert.deepEqual(parse('#').out, {});
    assert.deepEqual(parse('#zoom=9').out, {});
    assert.deepEqual(parse('#swap=0&chapter=1.5').out, { swap: false });
  });
  test('text in the hash is only compared, never used as markup', () => {
    const { out, warnings } = parse('#lang=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    assert.deepEqual(out, {});
    assert.deepEqual(warnings, ['language "<img src=x onerror=alert(1)>"']);
  });
});

describe('the payload', () => {
  test('refused with a clear message when it cannot be mounted', () => {
    assert.throws(() => validatePayload(null), /payload must be an object/);
    assert.throws(() => validatePayload({ schema: 1, range: { min: 5, max: 4 } }), /range needs integer min <= max/);
    assert.throws(() => validatePayload({ schema: 1, range: { min: 0.5, max: 4 } }), /range needs integer/);
    assert.doesNotThrow(() => validatePayload({ schema: 1, range: { min: 0, max: 4 } }));
  });
  test('the compact form is expanded: shared sources, titles and labels per language, chapters, mark labels', () => {
    const src = { title: 'Statement', url: 'https://example.org/' };
    const payload = normalizePayload({
      sources: [src],
      strings: { en: { 'layer.events': 'Events', 'kind.event': 'Event' }, ru: { 'layer.events': 'События' } },
      features: [{ id: 'ev-a', name: { en: 'A' }, sources: [0, 5], figures: [{ source: 0 }] }],
      layers: [{ id: 'events' }],
      kinds: [{ id: 'event' }],
      chapters: [{ number: 9, day: 20, sources: [0] }, { number: 2, day: 10 }, { number: 3 }],
      marks: [{ id: 'ev-a', day: 1 }, { id: 'gone', day: 2 }],
    });
    assert.deepEqual(payload.features[0].sources, [src]);
    assert.equal(payload.features[0].figures[0].source, src);
    assert.deepEqual(payload.layers[0].title, { en: 'Events', ru: 'События' });
    assert.deepEqual(payload.layers[0].description, { en: '', ru: '' });
    assert.deepEqual(payload.kinds[0].label, { en: 'Event', ru: 'event' });
    assert.deepEqual(payload.chapters.map((c) => [c.number, c.day]), [[1, 10], [2, 20]]);
    assert.deepEqual(payload.chapters[1].sources, [src]);
    assert.deepEqual(payload.marks.map((m) => m.label), [{ en: 'A' }, undefined]);
  });
});
