/**
 * payload.js — the map document's data (schema 1, built by geo/render.py): checking it, expanding its compact wire
 * format in place (shared sources, per-language layer titles and kind labels, chapter numbers, event mark labels),
 * and the opening state (payload defaults, then the link's #hash).
 */

import { readHash } from './hash.js';
import { clamp } from './util.js';

/** Throws a clear Error when the payload cannot be mounted; warns on an unknown schema version. */
export function validatePayload(payload) {
  if (!payload || typeof payload !== 'object') throw new Error('PresenceMap.mount: payload must be an object');
  if (payload.schema !== 1) window.console.warn('PresenceMap: payload schema ' + payload.schema + ', expected 1');
  const r = payload.range || {};
  if (!Number.isInteger(r.min) || !Number.isInteger(r.max) || r.min > r.max) {
    throw new Error('PresenceMap.mount: payload.range needs integer min <= max (day numbers)');
  }
}

/**
 * Expand the compact wire format in place: sources are shared (features and figures hold indices into
 * payload.sources); layer titles and kind labels come from the strings of each language; event marks take
 * their label from their feature's name.
 */
export function normalizePayload(payload) {
  const sources = Array.isArray(payload.sources) ? payload.sources : [];
  const src = (i) => (typeof i === 'number' ? sources[i] : i);
  const strings = payload.strings || {};
  const langs = Object.keys(strings);
  const perLang = (key, fallback) => {
    const out = {};
    for (const code of langs) out[code] = (strings[code] || {})[key] || fallback;
    return out;
  };
  for (const f of payload.features || []) {
    f.sources = (f.sources || []).map(src).filter(Boolean);
    for (const fig of f.figures || []) fig.source = src(fig.source);
  }
  for (const layer of payload.layers || []) {
    if (typeof layer.title !== 'object') layer.title = perLang('layer.' + layer.id, layer.title || layer.id);
    if (typeof layer.description !== 'object') {
      layer.description = perLang('layer_description.' + layer.id, layer.description || '');
    }
  }
  for (const kind of payload.kinds || []) {
    if (typeof kind.label !== 'object') kind.label = perLang('kind.' + kind.id, kind.label || kind.id);
  }
  payload.chapters = (Array.isArray(payload.chapters) ? payload.chapters : [])
    .filter((ch) => ch && Number.isInteger(ch.day))
    .sort((a, b) => a.number - b.number);
  payload.chapters.forEach((ch, i) => {
    ch.number = i + 1;
    ch.sources = (ch.sources || []).map(src).filter(Boolean);
  });
  const byId = new Map((payload.features || []).map((f) => [f.id, f]));
  for (const mark of payload.marks || []) {
    if (!mark.label && byId.has(mark.id)) mark.label = byId.get(mark.id).name;
  }
  return payload;
}

/**
 * The opening state: the payload's initial date, language, layers and name order, overridden by the link's hash
 * (ctx.hashChapter keeps a chapter asked for there); the day is clamped to the range.
 */
export function initialState(payload, ctx) {
  const init = payload.initial || {};
  const state = {
    day: Number.isFinite(init.day) ? init.day : ctx.range.max,
    lang: ctx.langCodes.has(init.lang) ? init.lang : (payload.languages && payload.languages[0] ? payload.languages[0].code : 'en'),
    layers: new Set(Array.isArray(init.layers) ? init.layers : payload.layers.map((l) => l.id)),
    swap: !!init.swap,
    chapter: null,
    presenting: false,
  };
  const hash = readHash(ctx);
  ctx.hashChapter = hash.chapter || null;
  if (hash.day !== undefined) state.day = hash.day;
  if (hash.lang) state.lang = hash.lang;
  if (hash.layers) state.layers = new Set(hash.layers);
  if (hash.swap !== undefined) state.swap = hash.swap;
  state.day = clamp(Math.round(state.day), ctx.range.min, ctx.range.max);
  return state;
}
