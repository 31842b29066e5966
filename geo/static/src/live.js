/**
 * live.js — changes a reader can hear: a polite live region (visually hidden, in the time control) that says,
 * once the date has rested for REST_MS (not at every step of a drag or of the player), what changed since the
 * date it last spoke about: "10 November 2020: 12 features appeared (…), 1 ended (…)" in the reader's language.
 * The same change feeds the list's "what changed" section (subscribe). Subscribes to 'day' (a timer reset only:
 * the step itself stays cheap) and 'relabel'. The words come from changes.js.
 */

import { changeSentence, dayChanges } from './changes.js';
import { el } from './dom.js';

/** How long the date must rest before the change is spoken, ms. */
export const REST_MS = 700;

export function createLive(ctx) {
  const node = el('div', 'pm-sr pm-live');
  node.setAttribute('role', 'status');
  node.setAttribute('aria-live', 'polite');
  node.setAttribute('aria-atomic', 'true');
  let since = ctx.state.day; // the date the last change was counted from
  let last = null; // the last change: {from, to, forward, appeared, gone}
  let timer = 0;
  const listeners = [];

  function current(from, to) {
    const T = ctx.text;
    const items = ctx.entries.map((en) => ({ s: en.s, e: en.e, layer: en.f.layer, name: T.name(en.f), id: en.f.id }));
    return dayChanges(items, from, to, ctx.state.layers, T.compare);
  }

  function speak() {
    timer = 0;
    const to = ctx.state.day;
    if (to === since) return;
    last = current(since, to);
    since = to;
    node.textContent = changeSentence(last, ctx.text.t, ctx.state.lang, ctx.text.dayWords(to));
    for (const fn of listeners) fn(last);
  }

  function onDay() {
    window.clearTimeout(timer);
    timer = window.setTimeout(speak, REST_MS);
  }

  function relabel() {
    // the names and words of the last change in the new language; nothing is spoken anew
    if (!last) return;
    last = current(last.from, last.to);
    for (const fn of listeners) fn(last);
  }

  ctx.on('day', onDay);
  ctx.on('relabel', relabel);
  return {
    node,
    /** The last change spoken (null before the first), and a subscription to the next ones. */
    last: () => last,
    subscribe(fn) { listeners.push(fn); },
    /** Speaks now, without waiting for the rest (tests, and a page that wants it at once). */
    flush() {
      if (timer) {
        window.clearTimeout(timer);
        speak();
      }
    },
  };
}
