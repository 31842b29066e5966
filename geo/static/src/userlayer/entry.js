/**
 * userlayer/entry.js — the entry esbuild bundles into dist/presence-userlayer.js, the second inline script of a
 * document that shows the reader's own layers (an export with added layers, the app's document). It acts when
 * evaluated: it hands the user-layer module to the core (presence.js, which must come first) through
 * PresenceMap.registerUserLayers (addons.js), and sets nothing else.
 */

import { createUserLayers, preloadUserBlocks } from './index.js';

const core = window.PresenceMap;
if (!core || typeof core.registerUserLayers !== 'function') {
  throw new Error('presence-userlayer.js: the map script (presence.js) must be loaded before it');
}
core.registerUserLayers({ createUserLayers, preloadUserBlocks });
