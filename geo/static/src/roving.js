/**
 * roving.js — the features on the map as ONE tab stop (a roving tabindex, like the event marks): every symbol,
 * line and area drawn now, named (name, kind), in reading order — north to south by the point its popup opens
 * at, then west to east, then by name. ←/↑ previous, →/↓ next, Home/End first/last; Enter or Space opens the
 * feature's popup and moves focus into it (popup.js gives it back on close). The basemap's shapes (hover
 * tooltips only) are taken out of the tab order. readingOrder and rovingStep are pure (Node-tested).
 */

/* global L */

import { anchorOf } from './features.js';

/**
 * Items in reading order: latitude descending (north first), then longitude ascending (west first), then `name`
 * (a tie-breaker; compare: a collator of the current language). Returns a new array; items: {lat, lon, name}.
 */
export function readingOrder(items, compare) {
  const cmp = compare || ((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...items].sort((a, b) => b.lat - a.lat || a.lon - b.lon || cmp(a.name, b.name));
}

/** The index a key moves to from `i` among `n` items (clamped, no wrap), or null for any other key. */
export function rovingStep(key, i, n) {
  if (n <= 0) return null;
  const to = { ArrowLeft: i - 1, ArrowUp: i - 1, ArrowRight: i + 1, ArrowDown: i + 1, Home: 0, End: n - 1 }[key];
  return to === undefined ? null : Math.max(0, Math.min(n - 1, to));
}

/** The element a feature takes focus on: its first marker icon, else its first path (null if not drawn). */
function elementOf(entry) {
  if (!entry.on || !entry.layer) return null;
  let found = null;
  entry.layer.eachLayer((child) => {
    if (!found && child.getElement) found = child.getElement() || null;
  });
  return found;
}

/** Makes the roving group of a mounted map; `sync` runs after each refresh (day, layers), `relabel` on relabel. */
export function createRoving(ctx) {
  const owner = new WeakMap(); // element → entry
  let order = []; // [{entry, node}] in reading order
  let current = null; // the entry holding tabindex 0
  let queued = 0;

  function label(node, entry) {
    const T = ctx.text;
    node.setAttribute('aria-label', T.name(entry.f) + ', ' + T.kind(entry.f.kind));
    node.setAttribute('role', 'button');
  }

  function sync() {
    queued = 0;
    const T = ctx.text;
    const items = [];
    for (const entry of ctx.entries) {
      const node = elementOf(entry);
      if (!node) continue;
      const at = anchorOf(entry);
      if (!at) continue;
      if (owner.get(node) !== entry) {
        owner.set(node, entry);
        label(node, entry);
        // the feature's other parts (a multi-part geometry) are not stops of their own
        entry.layer.eachLayer((child) => {
          const part = child.getElement && child.getElement();
          if (part && part !== node) part.setAttribute('tabindex', '-1');
        });
      }
      items.push({ entry, node, lat: at.lat, lon: at.lng, name: T.name(entry.f) });
    }
    order = readingOrder(items, T.compare);
    const keep = order.find((it) => it.entry === current);
    const holder = keep || order[0] || null;
    current = holder ? holder.entry : null;
    for (const it of order) {
      const want = it === holder ? '0' : '-1';
      if (it.node.getAttribute('tabindex') !== want) it.node.setAttribute('tabindex', want);
    }
  }

  /** sync once in the next frame (a slider drag refreshes many times a frame). */
  function syncSoon() {
    if (queued) return;
    queued = window.requestAnimationFrame ? window.requestAnimationFrame(sync) : window.setTimeout(sync, 0);
  }

  function move(to) {
    const it = order[to];
    if (!it) return;
    current = it.entry;
    for (const o of order) o.node.setAttribute('tabindex', o === it ? '0' : '-1');
    it.node.focus({ preventScroll: true });
    const at = anchorOf(it.entry);
    if (at) ctx.map.panInside(at, { padding: [48, 48], animate: false });
  }

  function onKey(ev) {
    const entry = owner.get(ev.target);
    if (!entry || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      L.DomEvent.stopPropagation(ev);
      ctx.openFeature(entry, { from: ev.target });
      return;
    }
    if (queued) sync();
    const i = order.findIndex((it) => it.entry === entry);
    const to = rovingStep(ev.key, i, order.length);
    if (to === null || i < 0) return;
    ev.preventDefault();
    L.DomEvent.stopPropagation(ev);
    move(to);
  }

  function onFocus(ev) {
    const entry = owner.get(ev.target);
    if (!entry || entry === current) return;
    // focus by a click or by the popup's return: that feature becomes the tab stop
    current = entry;
    for (const o of order) o.node.setAttribute('tabindex', o.entry === entry ? '0' : '-1');
  }

  /** The basemap's shapes have hover tooltips only: out of the tab order (Chromium focuses them otherwise). */
  function calmBasemap() {
    const pane = ctx.map.getPane('pm-basemap');
    if (pane) for (const p of pane.querySelectorAll('path')) p.setAttribute('tabindex', '-1');
  }

  function relabel() {
    for (const it of order) label(it.node, it.entry);
    syncSoon();
  }

  const box = ctx.map.getContainer();
  box.addEventListener('keydown', onKey);
  box.addEventListener('focusin', onFocus);
  ctx.on('day', syncSoon);
  ctx.on('layers', syncSoon);
  ctx.on('relabel', relabel);
  return { sync, syncSoon, calmBasemap, elementOf, owner };
}
