/**
 * controls/time.js — the time control (bottom, full width): play button, the date in words, the six step
 * buttons (±1 day, month, year; named by their visible text first), the slider with its keyboard (←/→ day,
 * PgUp/PgDn month, Shift: year, Home/End), the year scale under it, (after the first frame) the event marks, the
 * live region that says what changed (live.js), and the skip link before the map ("Skip to the date", the first
 * tab stop). Subscribes to 'day' and 'relabel'.
 */

import { addMonths, shiftDay, utcDay, yearOf } from '../days.js';
import { button, el, setText, svgHolder } from '../dom.js';
import { ICONS } from '../icons.js';
import { createLive } from '../live.js';
import { fill } from '../text.js';
import { createMarks } from './marks.js';

// Intl formatters are costly to construct (locale data is loaded each time): one per language and unit
const stepFormats = new Map();

function stepLabel(lang, unit, n) {
  const key = lang + '|' + unit;
  if (!stepFormats.has(key)) {
    stepFormats.set(key, new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'narrow', signDisplay: 'always' }));
  }
  return stepFormats.get(key).format(n).replace(/^-/, '−');
}

const STEPS = [
  ['step_back_year', 'year', -1], ['step_back_month', 'month', -1], ['step_back_day', 'day', -1],
  ['step_forward_day', 'day', 1], ['step_forward_month', 'month', 1], ['step_forward_year', 'year', 1],
];

export function createTimeControl(ctx) {
  const { min, max } = ctx.range;
  const root = el('section', 'pm-time');
  const top = el('div', 'pm-time__top');
  const playBtn = button('pm-btn pm-time__play', () => ctx.player.toggle());
  const dateBox = el('div', 'pm-time__datebox');
  const dateLabel = el('span', 'pm-time__label');
  // not a live region itself: live.js speaks the date with what changed, once the slider rests
  const dateText = el('span', 'pm-time__date');
  dateBox.append(dateLabel, dateText);
  const steps = el('div', 'pm-time__steps');
  const stepBtns = STEPS.map(([key, unit, n]) => {
    const b = button('pm-btn pm-time__step', () => {
      ctx.player.stop(false);
      ctx.setDay(shiftDay(ctx.state.day, unit, n));
      ctx.bridgeSoon();
    });
    b.dataset.key = key;
    steps.append(b);
    return { b, key, unit, n };
  });
  top.append(playBtn, dateBox, steps);

  const track = el('div', 'pm-time__track');
  let marks = null; // the event marks are built after the first frame (ensureMarks)
  const slider = el('input', 'pm-time__slider');
  slider.type = 'range';
  slider.min = String(min);
  slider.max = String(max);
  slider.step = '1';
  slider.addEventListener('input', () => ctx.setDay(+slider.value));
  slider.addEventListener('change', () => ctx.bridgeNow());
  slider.addEventListener('pointerdown', () => ctx.player.stop(false));
  slider.addEventListener('keydown', (ev) => onSliderKey(ev, ctx));
  track.append(slider);
  const scale = createScale(ctx);
  const live = createLive(ctx);
  root.append(top, track, scale.node, live.node);
  slider.id = 'pm-slider-' + ctx.uid;
  const skip = createSkip(ctx, slider);

  function update(day) {
    const words = ctx.text.dayWords(day);
    setText(dateText, words);
    if (+slider.value !== day) slider.value = String(day);
    slider.setAttribute('aria-valuetext', words);
    slider.style.setProperty('--pm-pct', ((day - min) / Math.max(1, max - min) * 100).toFixed(3) + '%');
    if (marks) marks.update(day);
  }

  /**
   * Gives the date the width of the widest date in the current language (in em, so it follows the type size of
   * each layout): a step then changes the words only, never the width of the slider beside them (no jumping
   * controls while the map plays, and a step lays out only the date). Measured on the rendered text, so the font
   * and its features are the ones shown; skipped while the control is not laid out.
   */
  function fitDate() {
    const size = parseFloat(window.getComputedStyle(dateText).fontSize);
    if (!dateText.isConnected || !size || !dateText.getClientRects().length) return;
    const shown = dateText.textContent;
    const range = document.createRange();
    const year = yearOf(max);
    let widest = 0;
    for (let month = 0; month < 12; month += 1) {
      dateText.textContent = ctx.text.dayWords(utcDay(year, month, 28));
      range.selectNodeContents(dateText);
      widest = Math.max(widest, range.getBoundingClientRect().width);
    }
    dateText.textContent = shown;
    if (widest > 0) dateText.style.minWidth = (widest / size + 0.1).toFixed(2) + 'em';
  }

  /** Builds the event marks (once), labelled and marked for the current day; fits the date's width. */
  function ensureMarks() {
    fitDate();
    if (marks) return;
    marks = createMarks(ctx, track, slider);
    marks.relabel();
    marks.update(ctx.state.day);
  }

  function relabel() {
    const T = ctx.text;
    dateLabel.textContent = T.t('date_label');
    slider.setAttribute('aria-label', T.t('slider_label'));
    for (const s of stepBtns) {
      // short label from the strings ("{n} г."), else the browser's own narrow unit format
      const short = T.t('step_short_' + s.unit);
      s.b.textContent = short !== 'step_short_' + s.unit
        ? fill(short, { n: (s.n < 0 ? '−' : '+') + Math.abs(s.n) })
        : stepLabel(ctx.state.lang, s.unit, s.n);
      // the visible text first, then its meaning: "−1y, one year back" (WCAG 2.5.3, label in name)
      s.b.setAttribute('aria-label', s.b.textContent + ', ' + lowerFirst(T.t(s.key), ctx.state.lang));
      s.b.title = T.t(s.key);
    }
    skip.textContent = T.t('skip_to_date');
    steps.setAttribute('aria-label', T.t('date_label'));
    steps.setAttribute('role', 'group');
    setPlaying(ctx.player.playing());
    if (marks) marks.relabel();
    scale.relabel();
    if (marks) fitDate(); // a new language (before the first frame, ensureMarks does it)
    update(ctx.state.day);
  }

  function setPlaying(playing) {
    const key = playing ? 'pause' : 'play';
    playBtn.replaceChildren(svgHolder(ICONS[key]));
    playBtn.setAttribute('aria-label', ctx.text.t(key));
    playBtn.title = ctx.text.t(key);
    playBtn.setAttribute('aria-pressed', String(playing));
    root.classList.toggle('pm-is-playing', playing);
  }

  ctx.on('day', update);
  ctx.on('relabel', relabel);
  return { node: root, update, relabel, setPlaying, ensureMarks, live, skip };
}

function lowerFirst(text, lang) {
  return text ? text.charAt(0).toLocaleLowerCase(lang) + text.slice(1) : text;
}

/**
 * "Skip to the date": a link placed right before the map, so it is the first tab stop of the map (before the map
 * itself and its symbols); shown when focused; it moves focus to the slider.
 */
function createSkip(ctx, slider) {
  const a = el('a', 'pm-skip');
  a.href = '#' + slider.id;
  a.addEventListener('click', (ev) => {
    ev.preventDefault(); // no #fragment: the map's own #date=… link stays as it is
    slider.focus();
  });
  ctx.map.getContainer().before(a);
  return a;
}

/** Keyboard on the slider: ←/→ ±1 day, PgUp/PgDn ±1 month (Shift: ±1 year), Home/End. */
function onSliderKey(ev, ctx) {
  const target = sliderKeyTarget(ev.key, ctx.state.day, ev.shiftKey, ctx.range);
  if (target === null || ev.altKey || ev.ctrlKey || ev.metaKey) return;
  ev.preventDefault();
  ctx.player.stop(false);
  ctx.setDay(target);
  ctx.bridgeSoon();
}

/** The day a slider key moves to from `day` (not clamped: setDay clamps), or null for any other key. */
export function sliderKeyTarget(key, day, shift, range) {
  const big = shift ? 12 : 1;
  const moves = {
    ArrowLeft: day - 1, ArrowDown: day - 1, ArrowRight: day + 1, ArrowUp: day + 1,
    PageDown: addMonths(day, -big), PageUp: addMonths(day, big),
    Home: range.min, End: range.max,
  };
  return key in moves ? moves[key] : null;
}

/** Year labels under the slider: the two ends plus each decade between them. */
function createScale(ctx) {
  const { min, max } = ctx.range;
  const node = el('div', 'pm-time__scale');
  node.setAttribute('aria-hidden', 'true');
  const labels = scaleTicks(min, max).map((tk) => {
    const span = el('span', 'pm-time__year' + (tk.end ? ' pm-time__year--' + tk.end : ''));
    span.style.setProperty('--pm-f', String((tk.day - min) / Math.max(1, max - min)));
    node.append(span);
    return { span, day: tk.day };
  });
  function relabel() {
    for (const l of labels) l.span.textContent = ctx.text.dayWords(l.day, 'year');
  }
  return { node, relabel };
}

/** The year scale's ticks: the two ends, and 1 January of each decade at least 3 years from both ends. */
export function scaleTicks(min, max) {
  const y0 = yearOf(min);
  const y1 = yearOf(max);
  const ticks = [{ day: min, end: 'start' }];
  for (let y = Math.ceil((y0 + 3) / 10) * 10; y <= y1 - 3; y += 10) ticks.push({ day: utcDay(y, 0, 1) });
  ticks.push({ day: max, end: 'end' });
  return ticks;
}
