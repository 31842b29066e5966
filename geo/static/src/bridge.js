/**
 * bridge.js — the Streamlit component protocol (postMessage with the parent frame): the early "ready" as the script
 * loads, applying render args to the map, sending the map's state back. Outside Streamlit it does nothing.
 */

import { missingUserLayers } from './addons.js';
import { isoToDay } from './days.js';
import { clamp, debounce, sameJson } from './util.js';

const SEND_DEBOUNCE_MS = 150;
const MOVE_DEBOUNCE_MS = 400;

/**
 * Inside a Streamlit component frame (its URL carries streamlitUrl=), say "ready" as soon as this script runs, not
 * after the data is parsed and the map built: Streamlit's first render message (the reader's link: date, layers,
 * language) is then already waiting when the map is mounted. Messages are kept until the bridge takes over.
 * main.js calls this once, when the script is evaluated; the result goes to each controller (ctx.early).
 */
export function listenEarly(win) {
  const early = { ready: false, messages: [] };
  if (win.parent && win.parent !== win && /[?&]streamlitUrl=/.test(win.location.search)) {
    early.listener = (ev) => { if (ev.source === win.parent) early.messages.push(ev); };
    win.addEventListener('message', early.listener);
    win.parent.postMessage({ isStreamlitMessage: true, type: 'streamlit:componentReady', apiVersion: 1 }, '*');
    early.ready = true;
  }
  return early;
}

/**
 * The Streamlit bridge (only when the payload asks for it and the map is in a frame): applies each render's args
 * (language, swap, layers, day, view, chapter, presentation; only what changed), sends the map's state back
 * (now, or debounced; with `presenting`, and at once when presentation mode changes), reports the view after a
 * move, sets the frame height (the app's page style may size the frame itself). `early` is listenEarly's result.
 */
export function createBridge(ctx, early) {
  const parent = window.parent;
  const enabled = !!(ctx.payload.options && ctx.payload.options.bridge) && parent && parent !== window;
  let prevArgs = {};
  let lastView = null;
  let rendered = false; // say nothing until the first render's args are applied (they carry the reader's link)
  let firstRender = () => {};
  // resolves once the first render's args are applied (at once outside Streamlit): only then is the map "ready"
  const firstRenderDone = new Promise((resolve) => { firstRender = resolve; });
  const post = (msg) => parent.postMessage(Object.assign({ isStreamlitMessage: true }, msg), '*');

  function send() {
    if (!enabled || !rendered) return;
    const state = ctx.getState();
    lastView = state.view;
    // presentation mode travels too: the page around the map follows it (hides its title and sidebar)
    const value = Object.assign({}, state, { presenting: !!ctx.state.presenting });
    post({ type: 'streamlit:setComponentValue', dataType: 'json', value });
  }

  function applyArgs(args) {
    const changed = (k) => args[k] !== null && args[k] !== undefined && !sameJson(args[k], prevArgs[k]);
    if (changed('lang') && ctx.langCodes.has(args.lang)) ctx.setLanguage(args.lang);
    if (changed('swap')) ctx.setSwap(!!args.swap);
    if (changed('layers') && Array.isArray(args.layers)) ctx.setLayers(args.layers.filter((id) => ctx.layerById.has(id)));
    if (changed('day')) {
      const day = typeof args.day === 'string' ? isoToDay(args.day) : args.day;
      if (Number.isFinite(day)) ctx.setDay(clamp(day, ctx.range.min, ctx.range.max));
    }
    if (changed('view') && args.view && Number.isFinite(args.view.lat)) {
      lastView = viewOf(args.view);
      ctx.map.setView([args.view.lat, args.view.lon], args.view.zoom);
    }
    // a chapter sets date, layers and view itself, so it is applied last (and only when it changed)
    if (changed('chapter') && Number.isInteger(args.chapter) && args.chapter >= 1 && args.chapter <= ctx.chapters.length) {
      ctx.goToChapter(args.chapter, { instant: true, send: false });
      lastView = viewOf(ctx.getState().view);
    }
    if (changed('presentation')) ctx.setPresentation(!!args.presentation);
    // the reader's uploaded layers (userlayer/index.js): replaced only when their keys change
    if (ctx.userLayers && Array.isArray(args.user_layers)) ctx.userLayers.setFromArgs(args.user_layers);
    else if (Array.isArray(args.user_layers) && args.user_layers.length) {
      throw missingUserLayers('the app sent ' + args.user_layers.length + ' uploaded layer(s)'); // addons.js
    }
    prevArgs = args;
  }

  function onMessage(ev) {
    if (ev.source !== parent || !ev.data || ev.data.type !== 'streamlit:render') return;
    const args = ev.data.args || {};
    applyArgs(args);
    if (!rendered) firstRender();
    rendered = true;
    const height = Number.isFinite(args.height) ? args.height : document.documentElement.scrollHeight;
    post({ type: 'streamlit:setFrameHeight', height });
  }

  const sendSoon = debounce(send, SEND_DEBOUNCE_MS);
  const onMove = debounce(() => {
    const v = viewOf(ctx.getState().view);
    if (!sameJson(v, lastView)) send();
  }, MOVE_DEBOUNCE_MS);

  if (enabled) {
    window.addEventListener('message', onMessage);
    ctx.map.on('moveend', onMove);
    document.addEventListener('presence:presentationchange', () => send());
    if (early.ready) {
      window.removeEventListener('message', early.listener);
      for (const ev of early.messages.splice(0)) onMessage(ev);
    } else {
      post({ type: 'streamlit:componentReady', apiVersion: 1 });
    }
  }
  if (!enabled) firstRender();
  return { now: send, soon: enabled ? sendSoon : () => {}, firstRenderDone };
}

/** A view rounded as it travels in the state: lat/lon to 5 decimals (about 1 m), zoom as a number. */
export function viewOf(v) {
  return { lat: +(+v.lat).toFixed(5), lon: +(+v.lon).toFixed(5), zoom: +v.zoom };
}
