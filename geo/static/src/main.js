/**
 * main.js — the entry point esbuild bundles into the script every map document inlines (presence.js). With
 * userlayer/entry.js (the optional second script), the only module that acts when evaluated: it starts listening
 * for Streamlit early (bridge.listenEarly) and sets
 * window.PresenceMap = {mount, mountFrom, registerUserLayers, geodesicKm, vincentyKm, haversineKm} (the user-layer
 * script, when a document carries it, registers through registerUserLayers: addons.js); mount also sets
 * window.presenceMap (the api.js hook). The document calls PresenceMap.mountFrom(map, dataBlockId).
 * Nothing here requests the network (the online tile layer, when a reader ticks it, is the only request).
 */

import { preloadUserBlocks, registerUserLayers } from './addons.js';
import { makeApi } from './api.js';
import { listenEarly } from './bridge.js';
import { decodeBase85 } from './base85.js';
import { Controller } from './controller.js';
import { geodesicKm, haversineKm, vincentyKm } from './geodesy.js';
import { unpackPayload } from './geopack.js';

// Inside a Streamlit component frame: say "ready" now, keep the messages until the map's bridge takes them.
const early = listenEarly(window);

/**
 * Mounts the presence map on a Leaflet map.
 * @param {L.Map} map  The Leaflet map (folium creates it; tiles none).
 * @param {Object} payload  The map document payload (schema 1); geometry packed for transport (payload.packed,
 *   geo/geopack.py) is unpacked here, in place, before any other module reads it; a plain payload works as it is.
 * @param {Map} [userBlocks]  The user layers' data being decoded (preloadUserBlocks), by block number.
 * @returns {PresenceMapApi} The scripting hook (also assigned to window.presenceMap).
 */
function mount(map, payload, userBlocks) {
  if (!window.L) throw new Error('PresenceMap.mount: Leaflet (global L) is not loaded');
  unpackPayload(payload);
  const ctx = new Controller(map, payload, early);
  ctx.build();
  ctx.userReady = ctx.userLayers ? ctx.userLayers.fromDocument(userBlocks || new Map()) : Promise.resolve([]);
  const api = makeApi(ctx);
  ctx.api = api;
  window.presenceMap = api;
  // the parts the first frame does not show are built right after it (every API method builds them if earlier)
  ctx.completeSoon();
  return api;
}

/** A performance mark (the benchmark reads them). */
function mark(name) {
  if (window.performance && window.performance.mark) window.performance.mark(name);
}

/**
 * Mount from the inert data block the document carries: plain JSON, or gzip + base-85 text (data-encoding=
 * "gzip-b85", base85.js; older documents: "gzip-base64"), inflated with the browser's DecompressionStream.
 * Sets presenceMap.ready = true when everything is built (after the deferred part of the mount) and, in
 * Streamlit, the first render's args are applied.
 * @param {L.Map} map
 * @param {string} elementId  id of the <script type="application/json"> block
 * @returns {Promise<PresenceMapApi>}
 */
async function mountFrom(map, elementId) {
  const node = document.getElementById(elementId);
  if (!node) throw new Error('PresenceMap.mountFrom: no data block #' + elementId);
  // the user layers' blocks (<id>-user-<i>, after the dataset's) start decoding now, alongside the dataset
  const userBlocks = preloadUserBlocks(elementId.replace(/-data$/, ''));
  let text = node.textContent;
  const encoding = node.dataset.encoding;
  if (encoding === 'gzip-b85' || encoding === 'gzip-base64') {
    let bytes;
    if (encoding === 'gzip-b85') {
      bytes = decodeBase85(text.trim());
    } else if (typeof Uint8Array.fromBase64 === 'function') {
      bytes = Uint8Array.fromBase64(text.trim()); // native decoding, no per-byte loop
    } else {
      const binary = window.atob(text.trim());
      bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    }
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    text = await new Response(stream).text();
  }
  mark('presence:data');
  const payload = JSON.parse(text);
  mark('presence:parsed');
  const api = mount(map, payload, userBlocks);
  mark('presence:mounted');
  await Promise.all([api._firstRenderDone, api._complete, api._userReady]);
  mark('presence:complete');
  api.ready = true;
  document.dispatchEvent(new CustomEvent('presence:ready', { detail: { date: api.getDate() } }));
  return api;
}

window.PresenceMap = { mount, mountFrom, registerUserLayers, geodesicKm, vincentyKm, haversineKm };
