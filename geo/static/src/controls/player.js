/**
 * controls/player.js — the play loop: about one month per 150 ms, stops at the end of the range, never starts by
 * itself; the time control shows its state.
 */

import { addMonths } from '../days.js';

const PLAY_TICK_MS = 150;

/** The play loop: ~1 month per 150 ms; stops at the end; never starts by itself. */
export function createPlayer(ctx) {
  let timer = null;
  function tick() {
    const next = addMonths(ctx.state.day, 1);
    if (next >= ctx.range.max) {
      ctx.setDay(ctx.range.max);
      stop(true);
    } else {
      ctx.setDay(next);
    }
  }
  function start() {
    if (timer) return;
    if (ctx.state.day >= ctx.range.max) ctx.setDay(ctx.range.min);
    timer = setInterval(tick, PLAY_TICK_MS);
    ctx.time.setPlaying(true);
  }
  function stop(send) {
    if (!timer) return;
    clearInterval(timer);
    timer = null;
    ctx.time.setPlaying(false);
    if (send !== false) ctx.bridgeNow();
    else ctx.bridgeSoon();
  }
  return { start, stop, toggle: () => (timer ? stop(true) : start()), playing: () => timer !== null };
}
