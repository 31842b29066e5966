/**
 * api.js — the scripting hook of a mounted map (window.presenceMap): the methods an embedding page, the tests and
 * the PNG/PDF snapshot call. Inputs are checked and refused with a clear Error; every method that changes the map
 * first finishes the deferred part of the mount. A host on another origin drives the same methods through the
 * postMessage protocol of messaging.js (connected here, once the API exists).
 */

import { dayToIso, isoToDay } from './days.js';
import { layoutHandout } from './handout.js';
import { connectHost } from './messaging.js';

/**
 * The scripting hook, also set as window.presenceMap.
 * @typedef {Object} PresenceMapApi
 * @property {function(string): void} setDate  Show the map at "YYYY-MM-DD" (clamped to the range);
 *   throws an Error on a malformed or impossible date.
 * @property {function(): string} getDate  The current date as "YYYY-MM-DD".
 * @property {function(): string[]} visibleFeatureIds  Sorted ids of the features drawn now, the user layers' too
 *   (their file's ids, else "<layer>-<row>").
 * @property {function(): Object[]} getUserLayers  One line per user layer: {id, title, count, renderer, visible,
 *   active (features on the map), drawn (in view, last paint), paints, partial (paints of the changes only),
 *   paintMs (the last paint's time), failed}.
 * @property {function(string): void} setLanguage  Relabel everything in a payload language; throws if unknown.
 * @property {function(string[]): void} setLayers  Show exactly these layers (the user layers' ids too); throws on
 *   unknown ids.
 * @property {function(): {date: string, day: number, lang: string, layers: string[], swap: boolean,
 *   view: {lat: number, lon: number, zoom: number}, chapter: number|null}} getState  A snapshot of the map's state.
 * @property {function(number): void} goToChapter  Open chapter n (1-based): its date, layers and view;
 *   throws a RangeError when n is not 1..number of chapters. Fires "presence:chapterchange" {number, id}.
 * @property {function(): (number|null)} getChapter  The chapter opened last, or null.
 * @property {function(boolean): void} setPresentation  Presentation mode on/off (full screen, large type).
 * @property {function(boolean): void} setMeasure  Measure mode on/off.
 * @property {function(): (number|null)} getMeasure  The measured distance in km (WGS84 geodesic), or null.
 */
export function makeApi(ctx) {
  const api = buildApi(ctx);
  api._host = connectHost(ctx, api); // hashchange and, in a frame, the postMessage protocol (messaging.js)
  return api;
}

function buildApi(ctx) {
  // the methods that change the map first finish the build (a no-op once mount has completed it)
  const done = () => ctx.complete();
  return {
    setDate(date) {
      const day = isoToDay(date);
      if (day === null) {
        throw new Error('presenceMap.setDate: expected a calendar date "YYYY-MM-DD", got ' + JSON.stringify(date));
      }
      done();
      ctx.setDay(day);
    },
    getDate: () => dayToIso(ctx.state.day),
    visibleFeatureIds: () => ctx.entries.filter((en) => en.on).map((en) => en.f.id)
      .concat(ctx.userLayers ? ctx.userLayers.visibleIds() : []).sort(),
    getUserLayers: () => (ctx.userLayers ? ctx.userLayers.stats() : []),
    setLanguage(code) {
      if (!ctx.langCodes.has(code)) {
        throw new Error('presenceMap.setLanguage: unknown language ' + JSON.stringify(code) +
          ' (known: ' + [...ctx.langCodes].join(', ') + ')');
      }
      done();
      ctx.setLanguage(code);
    },
    setLayers(ids) {
      if (!Array.isArray(ids)) throw new Error('presenceMap.setLayers: expected an array of layer ids');
      const user = ctx.userLayers ? ctx.userLayers.ids() : new Set();
      const bad = ids.filter((id) => !ctx.layerById.has(id) && !user.has(id));
      if (bad.length) throw new Error('presenceMap.setLayers: unknown layer id(s) ' + JSON.stringify(bad));
      done();
      ctx.setLayers(ids.filter((id) => ctx.layerById.has(id)));
      if (ctx.userLayers) ctx.userLayers.showOnly(ids.filter((id) => user.has(id)));
    },
    getState: () => ctx.getState(),
    _firstRenderDone: ctx.bridge.firstRenderDone,
    _userReady: ctx.userReady || Promise.resolve([]),
    _complete: ctx.whenComplete,
    goToChapter(n) {
      const total = ctx.chapters.length;
      if (!Number.isInteger(n) || n < 1 || n > total) {
        throw new RangeError('presenceMap.goToChapter: expected a chapter number 1..' + total + ', got ' + JSON.stringify(n));
      }
      done();
      ctx.goToChapter(n);
    },
    getChapter: () => ctx.state.chapter,
    setPresentation(on) {
      done();
      ctx.setPresentation(!!on);
    },
    isPresentation: () => !!ctx.state.presenting,
    /** Measure mode on/off (the same as the measure button). */
    setMeasure(on) {
      done();
      if (on) ctx.measure.start(); else ctx.measure.stop();
    },
    /** Total of the current measurement in km (geodesic, WGS84), or null with fewer than two points. */
    getMeasure: () => ctx.measure.distanceKm(),
    /** Still-image mode (PNG/PDF): panels open, buttons hidden, legend, date and credit drawn in. */
    setSnapshotMode(on) {
      done();
      ctx.map.getContainer().classList.toggle('pm-snapshot', !!on);
      if (on) {
        ctx.map.closePopup();
        ctx.player.stop(false);
        ctx.measure.stop();
        if (ctx.layersCtl && ctx.layersCtl.panel) ctx.layersCtl.panel.setOpen(true);
        if (ctx.list && ctx.list.panel) ctx.list.panel.setOpen(false);
        if (ctx.chapterCtl && ctx.state.chapter !== null) ctx.chapterCtl.panel.setOpen(true);
      }
      // the still-image layout (and print media) can resize the map: let Leaflet measure it again
      ctx.map.invalidateSize({ animate: false, pan: false });
      if (on && ctx.framing && ctx.framing.current() && !ctx.framing.moved()) {
        ctx.framing.refit(); // the opening box, fitted again into what the still-image layout leaves free
      } else if (on) {
        // keep the view's centre in the part of the picture the legend and the date box leave free
        const mapBox = ctx.map.getContainer().getBoundingClientRect();
        const legend = ctx.layersCtl.node.getBoundingClientRect();
        const time = ctx.time.node.getBoundingClientRect();
        const dx = legend.width && legend.left > mapBox.left + mapBox.width * 0.4 ? (mapBox.right - legend.left) / 2 : 0;
        const dy = time.height ? (mapBox.bottom - time.top) / 2 : 0;
        if (dx || dy) ctx.map.panBy([dx, dy], { animate: false });
      }
    },
    /** Print layout of the open chapter's handout (handout.js): {pt, width, moved, split, pages, problems}; throws
     *  when any text would be cut. */
    layoutHandout() {
      done();
      return layoutHandout(ctx);
    },
    ready: false,
  };
}
