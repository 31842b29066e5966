/**
 * controls/marks.js — the event marks along the slider: thin ticks at each key event's day, one tab stop (roving
 * tabindex, ←/→/Home/End), a tooltip on hover and focus, the current day's marks highlighted. Built after the first
 * frame by the time control, which calls update and relabel.
 */

import { button, el } from '../dom.js';
import { fill } from '../text.js';
import { clamp } from '../util.js';

/** Event marks along the slider: thin ticks, one tab stop (roving tabindex), tooltip on hover/focus. */
export function createMarks(ctx, track, slider) {
  const { min, max } = ctx.range;
  const list = (ctx.payload.marks || [])
    .filter((m) => Number.isInteger(m.day) && m.day >= min && m.day <= max)
    .sort((a, b) => a.day - b.day);
  const strip = el('div', 'pm-marks');
  strip.setAttribute('role', 'group');
  const tip = el('div', 'pm-marks__tip');
  tip.setAttribute('aria-hidden', 'true');
  tip.hidden = true;
  const items = list.map((m, i) => {
    const b = button('pm-mark', () => {
      ctx.player.stop(false);
      ctx.setDay(m.day);
      ctx.bridgeNow();
    });
    b.style.setProperty('--pm-f', String((m.day - min) / Math.max(1, max - min)));
    b.tabIndex = i === 0 ? 0 : -1;
    b.addEventListener('keydown', (ev) => onMarkKey(ev, i));
    b.addEventListener('focus', () => { setRoving(i); showTip(b); });
    b.addEventListener('mouseenter', () => showTip(b));
    b.addEventListener('mouseleave', hideTip);
    b.addEventListener('blur', hideTip);
    strip.append(b);
    return { b, m };
  });
  if (items.length) {
    // built after the slider: placed before it, as if built first (the marks come first in tab order)
    track.insertBefore(strip, slider);
    track.insertBefore(tip, slider);
  }
  let current = [];

  function setRoving(i) {
    items.forEach((it, j) => { it.b.tabIndex = j === i ? 0 : -1; });
  }

  function onMarkKey(ev, i) {
    const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: items.length - 1 }[ev.key];
    if (next === undefined) return;
    ev.preventDefault();
    const j = clamp(next, 0, items.length - 1);
    items[j].b.focus();
  }

  function showTip(b) {
    tip.textContent = b.getAttribute('aria-label');
    tip.hidden = false;
    const w = track.clientWidth;
    const center = b.offsetLeft + b.offsetWidth / 2;
    const half = tip.offsetWidth / 2;
    tip.style.left = clamp(center - half, 0, Math.max(0, w - tip.offsetWidth)) + 'px';
  }

  function hideTip() {
    tip.hidden = true;
  }

  function update(day) {
    for (const it of current) it.b.classList.remove('pm-is-current');
    current = items.filter((it) => it.m.day === day);
    for (const it of current) it.b.classList.add('pm-is-current');
  }

  function relabel() {
    const T = ctx.text;
    strip.setAttribute('aria-label', T.t('events'));
    for (const it of items) {
      it.b.setAttribute('aria-label', fill(T.t('event_mark'), { date: T.dayWords(it.m.day), label: T.pick(it.m.label) }));
    }
    if (!tip.hidden) hideTip();
  }

  return { update, relabel };
}
