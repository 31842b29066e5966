// roving.js and handout.js: the keyboard order of the map's features, and the handout's layout plans and box check.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { boxProblems, handoutPlans, largestFitting } from '../../geo/static/src/handout.js';
import { readingOrder, rovingStep } from '../../geo/static/src/roving.js';

describe('readingOrder: north to south, then west to east, then by name', () => {
  test('latitude first (north first), then longitude (west first)', () => {
    const pts = [
      { name: 'Gyumri', lat: 40.79, lon: 43.85 },
      { name: 'Gudauta', lat: 43.1, lon: 40.62 },
      { name: 'Tskhinvali', lat: 42.23, lon: 43.97 },
      { name: 'Java', lat: 42.4, lon: 43.93 },
      { name: 'Erebuni', lat: 40.12, lon: 44.46 },
      { name: 'West twin', lat: 42.23, lon: 43.5 },
    ];
    assert.deepEqual(readingOrder(pts).map((p) => p.name),
      ['Gudauta', 'Java', 'West twin', 'Tskhinvali', 'Gyumri', 'Erebuni']);
  });
  test('the same point: by name, with the collator given', () => {
    const pts = [{ name: 'b', lat: 1, lon: 1 }, { name: 'a', lat: 1, lon: 1 }, { name: 'C', lat: 1, lon: 1 }];
    assert.deepEqual(readingOrder(pts).map((p) => p.name), ['C', 'a', 'b']);
    const ci = new Intl.Collator('en');
    assert.deepEqual(readingOrder(pts, ci.compare).map((p) => p.name), ['a', 'b', 'C']);
  });
  test('does not change its input', () => {
    const pts = [{ name: 'a', lat: 1, lon: 1 }, { name: 'b', lat: 2, lon: 1 }];
    readingOrder(pts);
    assert.equal(pts[0].name, 'a');
  });
});

describe('rovingStep', () => {
  test('arrows move by one, clamped; Home and End', () => {
    assert.equal(rovingStep('ArrowRight', 0, 3), 1);
    assert.equal(rovingStep('ArrowDown', 2, 3), 2);
    assert.equal(rovingStep('ArrowLeft', 0, 3), 0);
    assert.equal(rovingStep('ArrowUp', 2, 3), 1);
    assert.equal(rovingStep('Home', 2, 3), 0);
    assert.equal(rovingStep('End', 0, 3), 2);
  });
  test('other keys and an empty group: null', () => {
    assert.equal(rovingStep('Enter', 0, 3), null);
    assert.equal(rovingStep('a', 0, 3), null);
    assert.equal(rovingStep('ArrowRight', 0, 0), null);
  });
});

describe('handoutPlans', () => {
  const plans = handoutPlans();
  test('everything on page 1 from 11 pt down to 9 pt first, then sources, then questions to page 2', () => {
    assert.deepEqual(plans.slice(0, 5).map((p) => [p.pt, p.move.join()]),
      [[11, ''], [10.5, ''], [10, ''], [9.5, ''], [9, '']]);
    assert.deepEqual(plans.slice(5, 10).map((p) => [p.pt, p.move.join()]),
      [[11, 'sources'], [10.5, 'sources'], [10, 'sources'], [9.5, 'sources'], [9, 'sources']]);
    assert.deepEqual(plans[10].move, ['sources', 'questions']);
  });
  test('never below the 9 pt floor; wider panels only at the end; the split is the very last resort', () => {
    assert.ok(plans.every((p) => p.pt >= 9 && p.pt <= 11));
    const wide = plans.findIndex((p) => p.width > 390);
    assert.ok(wide > 10 && plans.slice(0, wide).every((p) => p.width === 390));
    assert.deepEqual(plans.map((p) => p.split), plans.map((_, i) => i === plans.length - 1));
  });
});

describe('boxProblems', () => {
  const page = { width: 1000, height: 700, top2: 700 };
  const box = (left, top, right, bottom, extra) => Object.assign({ text: 'x', part: 1, clip: null,
    rect: { left, top, right, bottom } }, extra);
  test('inside the page: fine; past any edge: a problem', () => {
    assert.deepEqual(boxProblems([box(0, 0, 1000, 700)], page), []);
    assert.equal(boxProblems([box(0, 690, 100, 701), box(990, 0, 1001, 10), box(-1, 0, 10, 10)], page).length, 3);
  });
  test('under a clip: a problem even on the page', () => {
    const clipped = box(10, 600, 100, 620, { clip: { left: 0, top: 0, right: 400, bottom: 610 } });
    assert.equal(boxProblems([clipped], page).length, 1);
  });
  test('page 2 starts below page 1 and may flow on', () => {
    assert.deepEqual(boxProblems([box(0, 720, 100, 2000, { part: 2 })], page), []);
    assert.equal(boxProblems([box(0, 650, 100, 690, { part: 2 })], page).length, 1);
  });
});

describe('largestFitting', () => {
  test('the largest count that fits, by bisection', () => {
    assert.equal(largestFitting(100, (n) => n <= 37), 37);
    assert.equal(largestFitting(100, () => true), 100);
    assert.equal(largestFitting(100, () => false), 0);
  });
});
