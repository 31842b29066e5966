/**
 * messaging.js — the embedding page's channels to a map in a frame, for hosts on any origin (a CMS, a news page):
 *  - postMessage IN, from window.parent only, exactly one of four shapes (parseCommand; anything else is ignored):
 *      {type: "presence:setDate", date: "YYYY-MM-DD"}      a calendar day inside the map's range
 *      {type: "presence:setLanguage", lang: "ru"}           a language of the payload
 *      {type: "presence:setLayers", layers: ["id", ...]}    known layer ids, each at most once ([] hides all)
 *      {type: "presence:goToChapter", chapter: 3}           1..number of chapters
 *  - postMessage OUT, to window.parent with target origin "*" (the data is public; the map may be sandboxed, then
 *    its origin is "null" and no other target would match), carrying only what the map shows:
 *      {type: "presence:datechange", date, visible: [feature ids], lang, layers, chapter}  after every change
 *        (the reader's or the host's; every accepted command gets one, even when nothing changed), and once ready;
 *      {type: "presence:resize", height}  the height in CSS px the map asks for at its width (frameHeight), when
 *        ready and whenever it changes, so the host can size the frame (auto-height embeds).
 *  - the frame's #hash (hashchange): "#date=…&lang=…&layers=…&swap=…&chapter=…", as hash.js reads it at load.
 * Inside the Streamlit app (payload.options.bridge) none of this runs: bridge.js owns the channel there.
 * Commands go through the scripting API (api.js), so they obey the same checks. Nothing here evaluates anything.
 * parseCommand and frameHeight are pure (tests/js/messaging.test.mjs); connectHost touches window when called.
 */

import { dayToIso, isoToDay } from './days.js';
import { parseHash } from './hash.js';

export const COMMANDS = Object.freeze({
  'presence:setDate': 'date',
  'presence:setLanguage': 'lang',
  'presence:setLayers': 'layers',
  'presence:goToChapter': 'chapter',
});
export const ANSWER = 'presence:datechange';
export const RESIZE = 'presence:resize';
const MAX_TEXT = 100; // no language code, layer id or date is longer

function isPlainObject(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function shortString(value) {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;
}

/**
 * The command in a message's data, or null when it is not exactly one of the four shapes with a valid value.
 * `known`: {range: {min, max} (day numbers), langs: Set of codes, layers: Set or Map of layer ids, chapters: count}.
 * @returns {{type: string, value: (number|string|string[])}|null} value: a day number, a language code, layer
 *   ids, or a chapter number
 */
export function parseCommand(data, known) {
  if (!isPlainObject(data)) return null;
  const type = data.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(COMMANDS, type)) return null;
  const key = COMMANDS[type];
  const keys = Object.keys(data);
  if (keys.length !== 2 || !keys.includes('type') || !keys.includes(key)) return null;
  const value = data[key];
  switch (key) {
    case 'date': {
      const day = shortString(value) ? isoToDay(value) : null;
      if (day === null || day < known.range.min || day > known.range.max) return null;
      return { type, value: day };
    }
    case 'lang':
      return shortString(value) && known.langs.has(value) ? { type, value } : null;
    case 'layers': {
      if (!Array.isArray(value) || value.length > known.layers.size) return null;
      if (!value.every((id) => shortString(id) && known.layers.has(id))) return null;
      if (new Set(value).size !== value.length) return null;
      return { type, value: value.slice() };
    }
    case 'chapter':
      return Number.isInteger(value) && value >= 1 && value <= known.chapters ? { type, value } : null;
    default:
      return null;
  }
}

/**
 * The frame height (CSS px) the map asks for at a frame `width`: about 16:10 on wide screens (480..760 px); on
 * phones (< 600 px, where the panels fold over the map) taller than wide, more so with the chapter panel.
 * It depends on the width only, so a host that applies it never starts a resize loop.
 */
export function frameHeight(width, hasChapters) {
  const w = Number.isFinite(width) && width > 0 ? width : 600;
  if (w < 600) return Math.round(Math.min(960, Math.max(560, w * (hasChapters ? 1.6 : 1.4))));
  return Math.round(Math.min(760, Math.max(480, w * 0.625)));
}

/** The answer sent after every change. */
export function answerOf(api) {
  const state = api.getState();
  return { type: ANSWER, date: state.date, visible: api.visibleFeatureIds(), lang: state.lang, layers: state.layers,
    chapter: state.chapter };
}

function known(ctx) {
  return { range: ctx.range, langs: ctx.langCodes, layers: ctx.layerById, chapters: ctx.chapters.length };
}

function apply(api, cmd) {
  if (cmd.type === 'presence:setDate') api.setDate(dayToIso(cmd.value));
  else if (cmd.type === 'presence:setLanguage') api.setLanguage(cmd.value);
  else if (cmd.type === 'presence:setLayers') api.setLayers(cmd.value);
  else if (cmd.type === 'presence:goToChapter') api.goToChapter(cmd.value);
}

/** Applies a changed #hash, as hash.js reads one at load (bad values are ignored with a console warning). */
function applyHash(ctx, api) {
  const hash = parseHash(String(window.location.hash || ''), known(ctx),
    (what) => window.console.warn('presence map: ignoring ' + what + ' in the URL hash'));
  if (hash.lang) api.setLanguage(hash.lang);
  if (hash.swap !== undefined) ctx.setSwap(hash.swap);
  if (hash.chapter) {
    api.goToChapter(hash.chapter);
    return;
  }
  if (hash.layers) api.setLayers(hash.layers);
  if (hash.day !== undefined) api.setDate(dayToIso(Math.min(ctx.range.max, Math.max(ctx.range.min, hash.day))));
}

/**
 * Connects a mounted map to its host: hashchange always, postMessage when the map is in a frame (not in the
 * Streamlit app). Returns {answer, resize} (what was last sent) for tests, or null when nothing was connected.
 */
export function connectHost(ctx, api) {
  if (ctx.payload.options && ctx.payload.options.bridge) return null;
  window.addEventListener('hashchange', () => applyHash(ctx, api));
  const parent = window.parent;
  if (!parent || parent === window) return null;
  const sent = { answer: null, resize: null };
  let pending = false;
  let forced = false;

  function flush() {
    pending = false;
    const msg = answerOf(api);
    const text = JSON.stringify(msg);
    if (!forced && text === sent.answer) return;
    forced = false;
    sent.answer = text;
    parent.postMessage(msg, '*');
  }
  // one answer per task: a chapter sets day, layers and view, and the host hears of it once
  function answerSoon(force) {
    forced = forced || !!force;
    if (pending) return;
    pending = true;
    window.setTimeout(flush, 0);
  }
  function resize() {
    const height = frameHeight(window.innerWidth, ctx.chapters.length > 0);
    if (height === sent.resize) return;
    sent.resize = height;
    parent.postMessage({ type: RESIZE, height }, '*');
  }

  window.addEventListener('message', (ev) => {
    if (ev.source !== parent) return;
    const cmd = parseCommand(ev.data, known(ctx));
    if (!cmd) return;
    try {
      apply(api, cmd);
    } catch (err) {
      window.console.warn('presence map: a ' + cmd.type + ' message could not be applied: ' + err.message);
    }
    answerSoon(true);
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(resize, 100);
  });
  document.addEventListener('presence:ready', () => {
    answerSoon(true);
    resize();
  });
  for (const hook of ['day', 'layers', 'relabel']) ctx.on(hook, () => { if (api.ready) answerSoon(false); });
  document.addEventListener('presence:chapterchange', () => { if (api.ready) answerSoon(false); });
  return sent;
}
