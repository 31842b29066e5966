/**
 * controller.js — one mounted map: the Controller (also the context every module receives as `ctx`) builds the
 * map in two passes (build: what the first frame shows; complete: the rest, right after it), owns the state
 * setters (day, layers, language, swap, tiles), the hooks the controls subscribe to (on/emit: 'day', 'layers',
 * 'relabel'), and getState. Its other methods live with their concern and are attached here: the time filter
 * (features.js), layout (layout.js), popups (popup.js), chapters, presentation and keys (modes.js).
 * src/README.md gives the mount order and how to add a control.
 */

/* global L */

import { checkUserLayers, createUserLayersFor } from './addons.js';
import { drawBasemap } from './basemap.js';
import { createBridge, viewOf } from './bridge.js';
import { createChapters } from './controls/chapters.js';
import { createCredit } from './controls/credit.js';
import { createLayersControl } from './controls/layers.js';
import { createListControl } from './controls/list.js';
import { createMeasure } from './controls/measure.js';
import { createPlayer } from './controls/player.js';
import { createTimeControl } from './controls/time.js';
import { createTools } from './controls/tools.js';
import { createLabels } from './labels.js';
import { drawReference } from './reference.js';
import { dayToIso } from './days.js';
import { makeControl, nextUid } from './dom.js';
import { escapeHtml } from './escape.js';
import { buildEntries, ensureLayer, labelMarker, refresh } from './features.js';
import { createFraming } from './framing.js';
import { createHeadline } from './headline.js';
import { NARROW_PX, fitPanels, fitSoon, panelPadding, placeChapters, visibleCenter, watchCorners } from './layout.js';
import { goToChapter, onFullscreenChange, onKey, setPresentation } from './modes.js';
import { initialState, normalizePayload, validatePayload } from './payload.js';
import { createPatterns } from './patterns.js';
import { buildPopup, labelPopup, onPopupClose, openFeature, openPopup } from './popup.js';
import { createRoving } from './roving.js';
import { makeText } from './text.js';
import { clamp } from './util.js';

function createPanes(map) {
  const panes = [['pm-basemap', 250], ['pm-areas', 410], ['pm-lines', 420]];
  for (const [name, z] of panes) {
    if (!map.getPane(name)) map.createPane(name).style.zIndex = String(z);
  }
}

function ensureView(map, view) {
  try {
    map.getCenter();
  } catch (err) {
    // the map has no view yet (not created by folium with a location): use the payload's
    if (view) map.setView([view.lat, view.lon], view.zoom);
  }
}

/**
 * The controller and context of one map: the payload, the state, the text helpers, the entries, the controls, and
 * the hooks the controls subscribe to. `early` is bridge.listenEarly's result (Streamlit messages kept since the
 * script loaded).
 */
export function Controller(map, payload, early) {
  validatePayload(payload);
  checkUserLayers(payload); // user layers need the second script (addons.js)
  normalizePayload(payload);
  const ctx = this;
  ctx.uid = nextUid();
  ctx.early = early || { ready: false, messages: [] };
  ctx.hooks = { day: [], layers: [], relabel: [] };
  ctx.map = map;
  ctx.payload = payload;
  payload.layers = payload.layers || [];
  ctx.range = { min: payload.range.min, max: payload.range.max };
  ctx.layerById = new Map(payload.layers.map((l) => [l.id, l]));
  ctx.langCodes = new Set((payload.languages || []).map((l) => l.code));
  if (!ctx.langCodes.size) ctx.langCodes.add('en');
  ctx.chapters = payload.chapters;
  ctx.state = initialState(payload, ctx);
  ctx.text = makeText(payload, ctx.state);
  ctx.popupEntry = null;
  ctx.tiles = null;
}

/**
 * Builds what the first picture needs: the basemap, the features shown on the opening day (their layers, popups
 * and tooltips), every control in its place with its labels, the bridge (a Streamlit link is applied now). What
 * the reader cannot see in the first frame is left to complete(), which mount runs right after it.
 */
function build() {
  const ctx = this;
  const map = ctx.map;
  ctx.completed = false;
  ctx.whenComplete = new Promise((resolve, reject) => {
    ctx.resolveComplete = resolve;
    ctx.rejectComplete = reject;
  });
  map.getContainer().classList.add('pm-root');
  ensureView(map, ctx.payload.initial && ctx.payload.initial.view);
  createPanes(map);
  ctx.bindBasemapTips = drawBasemap(ctx);
  ctx.patterns = createPatterns(ctx);
  ctx.reference = drawReference(ctx); // rivers, lakes, roads, railways (reference.js)
  ctx.entries = buildEntries(ctx);
  ctx.roving = createRoving(ctx); // the features as one tab stop
  // --- user layers (userlayer/index.js, in presence-userlayer.js; null without it): decoded after mount --------
  ctx.userLayers = createUserLayersFor(ctx);
  // -----------------------------------------------------------------------------------------------------------
  ctx.popup = L.popup({ maxWidth: 360, minWidth: 240, className: 'pm-popup', autoPanPadding: [24, 24] });
  map.on('popupclose', (e) => { if (e.popup === ctx.popup) ctx.onPopupClose(); });
  // Escape inside an open popup closes it (Leaflet only does this while the map itself has focus)
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && ctx.popupEntry && ctx.popup.getElement() &&
        ctx.popup.getElement().contains(document.activeElement)) {
      map.closePopup(ctx.popup);
      ev.preventDefault();
    }
  });
  map.on('popupopen', (e) => ctx.labelPopup(e.popup));
  ctx.time = createTimeControl(ctx);
  ctx.player = createPlayer(ctx);
  ctx.layersCtl = createLayersControl(ctx);
  ctx.list = createListControl(ctx);
  ctx.credit = createCredit(ctx);
  ctx.headline = createHeadline(ctx);
  ctx.tools = createTools(ctx);
  ctx.measure = createMeasure(ctx);
  ctx.chapterCtl = ctx.chapters.length ? createChapters(ctx) : null;
  ctx.labels = createLabels(ctx); // place names and direct labels (labels.js); first laid out in complete()
  makeControl('topright', ctx.layersCtl.node).addTo(map);
  makeControl('topleft', ctx.tools.node).addTo(map);
  makeControl('topleft', ctx.measure.node).addTo(map);
  makeControl('topleft', ctx.list.node).addTo(map);
  // --- the headline block (headline.js): title first in the top left corner; footer between slider and credit
  if (ctx.headline) {
    map.getContainer().classList.add('pm-has-foot');
    makeControl('bottomright', ctx.headline.foot).addTo(map);
    if (ctx.headline.top) {
      map.getContainer().classList.add('pm-has-headline');
      makeControl('topleft', ctx.headline.top).addTo(map);
      const corner = ctx.headline.top.parentNode;
      corner.insertBefore(ctx.headline.top, corner.firstChild);
    }
  }
  makeControl('bottomright', ctx.time.node).addTo(map);
  if (ctx.chapterCtl) {
    ctx.chapterControl = makeControl(ctx.map.getSize().x < NARROW_PX ? 'bottomright' : 'topleft', ctx.chapterCtl.node);
    ctx.chapterControl.addTo(map);
    map.on('resize', () => ctx.placeChapters());
  } else {
    map.on('resize', () => ctx.fitSoon());
  }
  // --- framing (framing.js): the opening box, fitted into what the open panels leave free (one layout read);
  // before the bridge, so a view in the reader's link (the app) wins over it
  ctx.framing = createFraming(ctx);
  ctx.framing.frame(ctx.framing.current());
  map.on('resize', () => ctx.framing.refit());
  ctx.watchCorners();
  ctx.bridge = createBridge(ctx, ctx.early);
  ctx.layersCtl.sync();
  ctx.refresh();
  ctx.relabel();
  document.addEventListener('keydown', (ev) => ctx.onKey(ev));
  document.addEventListener('fullscreenchange', () => ctx.onFullscreenChange());
  if (ctx.hashChapter) ctx.goToChapter(ctx.hashChapter, { instant: true, send: false });
}

/**
 * The rest of the build, none of it seen in the first frame: basemap tooltips, the layers of the features not on
 * the map yet (so a date change later only adds and removes), the list table's rows (the list starts folded), the
 * event marks under the slider, the measure panel, and the panel heights (fitPanels, a layout read). Runs once;
 * each part is also built on demand when something needs it earlier.
 */
function complete() {
  if (this.completed) return;
  this.completed = true;
  try {
    if (this.bindBasemapTips) this.bindBasemapTips();
    this.bindBasemapTips = null;
    this.roving.calmBasemap();
    for (const en of this.entries) ensureLayer(en, this);
    this.list.ensureRows();
    this.time.ensureMarks();
    this.measure.ensure();
    this.fitPanels();
    this.roving.sync();
    this.labels.start(); // after the panels have their size: they are the labels' obstacles
  } catch (err) {
    this.rejectComplete(err);
    throw err;
  }
  this.resolveComplete();
}

/** Runs complete() after the first frame is drawn (a timer queued from the frame), or soon if no frame comes. */
function completeSoon() {
  let queued = false;
  const run = () => {
    if (queued) return;
    queued = true;
    window.setTimeout(() => {
      try {
        this.complete();
      } catch (err) {
        window.console.error(err);
      }
    }, 0);
  };
  // no frames in a background tab or without requestAnimationFrame: then just after this task
  if (document.hidden || !window.requestAnimationFrame) run();
  else {
    window.requestAnimationFrame(run);
    window.setTimeout(run, 300);
  }
}

/** Shows the map on `day` (rounded, clamped to the range): the time filter, then the 'day' hook, then the DOM event. */
function setDay(day) {
  const next = clamp(Math.round(day), this.range.min, this.range.max);
  if (!Number.isFinite(next) || next === this.state.day) return;
  this.state.day = next;
  this.refresh();
  this.emit('day', next);
  // featureIds: what visibleFeatureIds() gives (the user layers' too), computed only when a listener reads it
  let ids = null;
  const api = this.api;
  const detail = { date: dayToIso(next), day: next, get featureIds() { return ids || (ids = api ? api.visibleFeatureIds() : []); } };
  document.dispatchEvent(new CustomEvent('presence:datechange', { detail }));
}

/** Shows exactly these layers, then the 'layers' hook. */
function setLayers(ids) {
  this.state.layers = new Set(ids);
  this.refresh();
  this.emit('layers');
}

function toggleLayer(id, on) {
  const ids = new Set(this.state.layers);
  if (on) ids.add(id); else ids.delete(id);
  this.setLayers(ids);
}

function setLanguage(code) {
  if (code === this.state.lang) return;
  this.state.lang = code;
  this.relabel();
}

function setSwap(on) {
  if (on === this.state.swap) return;
  this.state.swap = on;
  this.relabel();
}

function setTiles(on) {
  const opt = this.payload.options.tiles;
  if (on && !this.tiles) {
    this.tiles = L.tileLayer(opt.url, { attribution: escapeHtml(opt.attribution || ''), pane: 'tilePane' });
  }
  if (on) this.tiles.addTo(this.map); else if (this.tiles) this.tiles.remove();
  this.map.getContainer().classList.toggle('pm-tiles-on', !!on);
}

/** Relabels every text in the current language; nothing is rebuilt, the view is not touched. */
function relabel() {
  document.documentElement.lang = this.state.lang;
  this.emit('relabel');
  this.fitSoon();
  for (const en of this.entries) {
    if (en.on) for (const m of en.markers) labelMarker(m, en, this);
  }
  if (this.popupEntry && this.map.hasLayer(this.popup)) {
    // relabelling must not move the map: no auto-pan while the open popup's content is replaced
    this.popup.options.autoPan = false;
    this.popup.setContent(buildPopup(this.popupEntry, this));
    this.popup.options.autoPan = true;
  }
}

function bridgeNow() { this.bridge.now(); }

function bridgeSoon() { this.bridge.soon(); }

/** A snapshot of the map's state (what the bridge sends and presenceMap.getState returns). */
function getState() {
  const c = this.map.getCenter();
  return {
    date: dayToIso(this.state.day),
    day: this.state.day,
    lang: this.state.lang,
    layers: this.payload.layers.map((l) => l.id).filter((id) => this.state.layers.has(id)),
    swap: this.state.swap,
    view: viewOf({ lat: c.lat, lon: c.lng, zoom: this.map.getZoom() }),
    chapter: this.state.chapter,
  };
}

/**
 * Subscribes `fn` to a hook, called in the order of subscription (= the mount order of the controls):
 * 'day' (day number) after the time filter ran for a new day; 'layers' () after the visible layers changed;
 * 'relabel' () when the language or the name order changed (and once at mount).
 */
function on(event, fn) {
  if (!this.hooks[event]) throw new Error('PresenceMap: no hook "' + event + '"');
  this.hooks[event].push(fn);
}

function emit(event, arg) {
  for (const fn of this.hooks[event]) fn(arg);
}

Object.assign(Controller.prototype, {
  // this module: building, state, hooks
  build, complete, completeSoon, setDay, setLayers, toggleLayer, setLanguage, setSwap, setTiles, relabel,
  bridgeNow, bridgeSoon, getState, on, emit,
  // the time filter (features.js), layout (layout.js), popups (popup.js), chapters/presentation/keys (modes.js)
  refresh, fitPanels, fitSoon, placeChapters, visibleCenter, panelPadding, watchCorners,
  openPopup, openFeature, onPopupClose, labelPopup,
  goToChapter, setPresentation, onFullscreenChange, onKey,
});
