/**
 * util.js — tiny helpers with no DOM and no Leaflet: clamp, debounce, sameJson.
 */

export function clamp(value, lo, hi) {
  return Math.min(hi, Math.max(lo, value));
}

/** A function that runs `fn` once, `ms` milliseconds after its last call. */
export function debounce(fn, ms) {
  let timer = null;
  return function debounced() {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

export function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
