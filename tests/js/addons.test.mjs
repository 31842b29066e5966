// addons.js: the core's registry of the optional user-layer module. Without it a payload (or the app's args) with
// user layers is refused with an error naming the missing script; with it, the manager and the data blocks are the
// module's. (The order matters: the registry is the page's, so the "absent" tests run first.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  checkUserLayers, createUserLayersFor, hasUserLayers, missingUserLayers, preloadUserBlocks, registerUserLayers,
} from '../../geo/static/src/addons.js';

const MISSING = /does not carry the user-layer script \(presence-userlayer\.js\)/;

describe('addons.js', () => {
  test('without the module: no manager, no blocks, a payload without user layers is fine', () => {
    assert.equal(hasUserLayers(), false);
    assert.equal(createUserLayersFor({}), null);
    assert.deepEqual(preloadUserBlocks('x'), new Map());
    for (const payload of [{}, { user_layers: [] }, { user_layers: null }]) assert.doesNotThrow(() => checkUserLayers(payload));
  });
  test('without the module, a payload with user layers is refused, saying what is missing', () => {
    assert.throws(() => checkUserLayers({ user_layers: [{ id: 'a' }, { id: 'b' }] }),
      (err) => MISSING.test(err.message) && /carries 2 user layer\(s\)/.test(err.message));
    assert.match(missingUserLayers('the app sent 1 uploaded layer(s)').message,
      /^presence map: the app sent 1 uploaded layer\(s\), but this document does not carry/);
  });
  test('a module that is not {createUserLayers, preloadUserBlocks} is refused', () => {
    for (const bad of [null, {}, { createUserLayers: () => {} }, { createUserLayers: 1, preloadUserBlocks: () => {} }]) {
      assert.throws(() => registerUserLayers(bad), /expected \{createUserLayers, preloadUserBlocks\}/);
    }
    assert.equal(hasUserLayers(), false);
  });
  test('with the module: its manager for each map, its blocks, and user layers accepted', () => {
    const blocks = new Map([[0, Promise.resolve('decoded')]]);
    const seen = [];
    registerUserLayers({
      createUserLayers: (ctx) => ({ manager: ctx.id }),
      preloadUserBlocks: (prefix) => { seen.push(prefix); return blocks; },
    });
    assert.equal(hasUserLayers(), true);
    assert.deepEqual(createUserLayersFor({ id: 7 }), { manager: 7 });
    assert.equal(preloadUserBlocks('presence_layer_1'), blocks);
    assert.deepEqual(seen, ['presence_layer_1']);
    assert.doesNotThrow(() => checkUserLayers({ user_layers: [{ id: 'a' }] }));
  });
});
