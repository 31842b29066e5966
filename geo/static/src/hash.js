/**
 * hash.js — the link into a document: "map.html#date=2023-04-23&lang=ru&layers=a,b&swap=1&chapter=2". parseHash is
 * pure (tested in Node); readHash reads window.location when the controller starts.
 */

import { isoToDay } from './days.js';

/** Reads the page's location.hash against the payload; bad values are ignored with a console warning. */
export function readHash(ctx) {
  const known = { langs: ctx.langCodes, layers: ctx.layerById, chapters: (ctx.payload.chapters || []).length };
  const warn = (what) => window.console.warn('presence map: ignoring ' + what + ' in the URL hash');
  return parseHash(String((window.location && window.location.hash) || ''), known, warn);
}

/**
 * Parses "#date=YYYY-MM-DD&lang=ru&layers=a,b&swap=1&chapter=2" into {day, lang, layers, swap, chapter} (only the
 * keys given and valid). `known`: {langs: Set of codes, layers: Set/Map of layer ids, chapters: their number};
 * each bad value is reported through warn(what) and left out.
 */
export function parseHash(hash, known, warn) {
  const out = {};
  const raw = hash.replace(/^#/, '');
  if (!raw) return out;
  const params = new URLSearchParams(raw);
  if (params.has('date')) {
    const day = isoToDay(params.get('date'));
    if (day === null) warn('date "' + params.get('date') + '"');
    else out.day = day;
  }
  if (params.has('lang')) {
    const lang = params.get('lang');
    if (known.langs.has(lang)) out.lang = lang; else warn('language "' + lang + '"');
  }
  if (params.has('layers')) {
    const ids = params.get('layers').split(',').filter(Boolean);
    const bad = ids.filter((id) => !known.layers.has(id));
    if (bad.length) warn('unknown layers ' + bad.join(','));
    out.layers = ids.filter((id) => known.layers.has(id));
  }
  if (params.has('chapter')) {
    const n = Number(params.get('chapter'));
    if (Number.isInteger(n) && n >= 1 && n <= known.chapters) out.chapter = n; else warn('chapter "' + params.get('chapter') + '"');
  }
  if (params.has('swap')) {
    const v = params.get('swap');
    if (v === '1' || v === 'true') out.swap = true;
    else if (v === '0' || v === 'false') out.swap = false;
    else warn('swap "' + v + '"');
  }
  return out;
}
