// days.js: day numbers, partial dates, month arithmetic and THE active-on rule (the table shared with Python).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  activeOn, addMonths, dayToIso, firstDay, interval, isoToDay, lastDay, parsePartial, shiftDay, utcDay, yearOf,
} from '../../geo/static/src/days.js';
import { scaleTicks, sliderKeyTarget } from '../../geo/static/src/controls/time.js';
import { fixture } from './helpers.mjs';

const day = (iso) => {
  const d = isoToDay(iso);
  assert.notEqual(d, null, iso);
  return d;
};

describe('the active-on rule (tests/fixtures/active_on.json, also read by tests/test_temporal.py)', () => {
  const { cases } = fixture('active_on.json');
  test('the shared table has cases', () => assert.ok(cases.length >= 15));
  for (const c of cases) {
    test(c.name + ': ' + c.start + ' .. ' + c.end, () => {
      const span = interval(c.start, c.end);
      assert.notEqual(span, null);
      const [s, e] = span;
      for (const d of c.on) assert.equal(activeOn(s, e, day(d)), true, d + ' should be on the map');
      for (const d of c.off) assert.equal(activeOn(s, e, day(d)), false, d + ' should not be on the map');
    });
  }
  test('open ends as the payload sends them (null day numbers become ±Infinity)', () => {
    assert.equal(activeOn(-Infinity, Infinity, day('1900-01-01')), true);
    assert.equal(activeOn(day('1994-01-01'), Infinity, day('1993-12-31')), false);
  });
});

describe('day numbers', () => {
  test('day 0 is 1 January 1970, negative days before it', () => {
    assert.equal(dayToIso(0), '1970-01-01');
    assert.equal(dayToIso(-1), '1969-12-31');
    assert.equal(isoToDay('1970-01-01'), 0);
    assert.equal(utcDay(2020, 1, 29), day('2020-02-29'));
    assert.equal(yearOf(day('2023-12-31')), 2023);
  });
  test('ISO days round-trip for every day of a leap year', () => {
    for (let d = day('2024-01-01'); d <= day('2024-12-31'); d += 1) assert.equal(isoToDay(dayToIso(d)), d);
  });
  test('isoToDay refuses impossible and partial dates', () => {
    for (const bad of ['2023-02-30', '2023-02-29', '2023-04-31', '2023-00-10', '2023-13-01', '2023-02', '2023',
      '2023-2-3', ' 2023-02-03', '2023-02-03T00:00', '', null, undefined, 20230203]) {
      assert.equal(isoToDay(bad), null, String(bad));
    }
  });
});

describe('partial dates', () => {
  test('precision and first day', () => {
    assert.deepEqual(parsePartial('2009'), { day: day('2009-01-01'), precision: 'year' });
    assert.deepEqual(parsePartial('2008-08'), { day: day('2008-08-01'), precision: 'month' });
    assert.deepEqual(parsePartial('2020-11-10'), { day: day('2020-11-10'), precision: 'day' });
    assert.equal(firstDay('2024-02'), day('2024-02-01'));
  });
  test('last day at each precision, leap years included', () => {
    assert.equal(lastDay('2009'), day('2009-12-31'));
    assert.equal(lastDay('2024-02'), day('2024-02-29'));
    assert.equal(lastDay('2023-02'), day('2023-02-28'));
    assert.equal(lastDay('1900-02'), day('1900-02-28'));
    assert.equal(lastDay('2000-02'), day('2000-02-29'));
    assert.equal(lastDay('2021-12'), day('2021-12-31'));
    assert.equal(lastDay('2020-11-10'), day('2020-11-10'));
  });
  test('impossible dates are refused, not rolled over', () => {
    for (const bad of ['2023-02-30', '2023-00', '2023-13', '2021-02-29', '2023-04-31', '2023-12-32', '2023-01-00',
      '2023-1', '20', '', '2020/11/10', '10.11.2020', '2020-11-10T00:00', null, 2020]) {
      assert.equal(parsePartial(bad), null, String(bad));
      assert.equal(interval(bad, null), null, String(bad));
    }
    assert.equal(interval('2020', '2023-02-30'), null);
  });
});

describe('month arithmetic', () => {
  test('the day of month is kept where possible, else the month\'s last day', () => {
    assert.equal(dayToIso(addMonths(day('2023-01-31'), 1)), '2023-02-28');
    assert.equal(dayToIso(addMonths(day('2024-01-31'), 1)), '2024-02-29');
    assert.equal(dayToIso(addMonths(day('2024-03-31'), -1)), '2024-02-29');
    assert.equal(dayToIso(addMonths(day('2021-08-31'), 1)), '2021-09-30');
    assert.equal(dayToIso(addMonths(day('2021-05-15'), 0)), '2021-05-15');
  });
  test('across year ends, both ways', () => {
    assert.equal(dayToIso(addMonths(day('2021-12-15'), 1)), '2022-01-15');
    assert.equal(dayToIso(addMonths(day('2022-01-15'), -1)), '2021-12-15');
    assert.equal(dayToIso(addMonths(day('1993-03-01'), 12 * 33)), '2026-03-01');
    assert.equal(dayToIso(addMonths(day('2020-03-10'), -27)), '2017-12-10');
  });
  test('steps of the time control: a year is 12 months (29 February + 1 year = 28 February)', () => {
    assert.equal(dayToIso(shiftDay(day('2024-02-29'), 'year', 1)), '2025-02-28');
    assert.equal(dayToIso(shiftDay(day('2024-02-29'), 'year', -4)), '2020-02-29');
    assert.equal(dayToIso(shiftDay(day('2021-03-31'), 'month', -1)), '2021-02-28');
    assert.equal(dayToIso(shiftDay(day('2021-12-31'), 'day', 1)), '2022-01-01');
  });
  test('slider keys: arrows a day, PageUp/PageDown a month, with Shift a year, Home/End the range', () => {
    const range = { min: day('1992-01-01'), max: day('2026-12-01') };
    const from = day('2020-01-31');
    const at = (key, shift) => dayToIso(sliderKeyTarget(key, from, shift, range));
    assert.equal(at('ArrowRight'), '2020-02-01');
    assert.equal(at('ArrowDown'), '2020-01-30');
    assert.equal(at('PageUp'), '2020-02-29');
    assert.equal(at('PageDown', true), '2019-01-31');
    assert.equal(at('PageUp', true), '2021-01-31');
    assert.equal(at('Home'), '1992-01-01');
    assert.equal(at('End'), '2026-12-01');
    assert.equal(sliderKeyTarget('a', from, false, range), null);
    assert.equal(sliderKeyTarget('Enter', from, false, range), null);
  });
  test('the year scale: both ends, then each decade at least 3 years from them', () => {
    const ticks = scaleTicks(day('1992-01-01'), day('2026-12-01'));
    assert.deepEqual(ticks.map((t) => dayToIso(t.day)), ['1992-01-01', '2000-01-01', '2010-01-01', '2020-01-01', '2026-12-01']);
    assert.deepEqual([ticks[0].end, ticks.at(-1).end], ['start', 'end']);
    assert.deepEqual(scaleTicks(day('2018-05-01'), day('2022-05-01')).map((t) => dayToIso(t.day)), ['2018-05-01', '2022-05-01']);
  });
});
