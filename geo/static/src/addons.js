/**
 * addons.js — the optional parts a map document may carry in a second inline script after presence.js. One so far:
 * the reader's own layers (userlayer/, built into dist/presence-userlayer.js, whose entry userlayer/entry.js calls
 * PresenceMap.registerUserLayers when it is evaluated). geo/render.py inlines that script only in a document that
 * needs it (added layers, or the app's document, which gets uploads as component data at run time), so a default
 * export does not pay for it. No loader, no request: both scripts are inline, and the second has run before the
 * document mounts the map. A payload or app args with user layers in a document without the module is an error that
 * says so (never a map that silently leaves them out).
 */

/** The registered modules of this page (set once, by the second script, before any map is mounted). */
const registry = { userLayers: null };

/**
 * Registers the user-layer module (PresenceMap.registerUserLayers).
 * @param {{createUserLayers: Function, preloadUserBlocks: Function}} module
 */
export function registerUserLayers(module) {
  if (!module || typeof module.createUserLayers !== 'function' || typeof module.preloadUserBlocks !== 'function') {
    throw new TypeError('PresenceMap.registerUserLayers: expected {createUserLayers, preloadUserBlocks} functions');
  }
  registry.userLayers = module;
}

/** Whether the user-layer module is on this page. */
export function hasUserLayers() {
  return registry.userLayers !== null;
}

/** The error for user layers the document cannot show: `what` says where they came from. */
export function missingUserLayers(what) {
  return new Error('presence map: ' + what + ', but this document does not carry the user-layer script ' +
    '(presence-userlayer.js); geo.render.build_document inlines it when MapOptions.user_layers is set or bridge=True');
}

/** Throws (before anything is built) when the payload carries user layers and the module is absent. */
export function checkUserLayers(payload) {
  const n = payload && Array.isArray(payload.user_layers) ? payload.user_layers.length : 0;
  if (n && !registry.userLayers) throw missingUserLayers('the map data carries ' + n + ' user layer(s)');
}

/** ctx.userLayers: the module's layer manager, or null in a document without the module. */
export function createUserLayersFor(ctx) {
  return registry.userLayers ? registry.userLayers.createUserLayers(ctx) : null;
}

/** The user layers' data blocks decoding (Map of block number → Promise); empty without the module. */
export function preloadUserBlocks(prefix) {
  return registry.userLayers ? registry.userLayers.preloadUserBlocks(prefix) : new Map();
}
