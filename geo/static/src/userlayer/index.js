/**
 * userlayer/index.js — the reader's own layers on the map (ctx.userLayers): decoding each one's data block once
 * (decode.js; in the app the data comes with the component's args instead), its model on the time axis (model.js),
 * its renderer (canvas.js for big layers, svg.js for small ones), clicks on canvas features (hit.js → popup.js), and
 * its parts of the panels (controls.js). The controller's time filter calls refresh() after every date or layer
 * change: each layer's step touches only the features that change, then its view redraws at most once a frame.
 * A layer's visibility is its own (not in ctx.state.layers, which holds the dataset's layers).
 */

/* global L */

import { NARROW_PX } from '../layout.js';
import { createCanvasLayer } from './canvas.js';
import { createUserLegend, createUserList, createUserPanel } from './controls.js';
import { decodePayload } from './decode.js';
import { buildGrid, featureBoxes, hitTest } from './hit.js';
import { createModel } from './model.js';
import { buildUserPopup, openUserPopup } from './popup.js';
import { projectScaled } from './project.js';
import { createSvgLayer } from './svg.js';
import { debounce } from '../util.js';

const HIT_PX = 7;
const TOUCH_HIT_PX = 14;
const LIST_DEBOUNCE_MS = 120;

function geometryOf(decoded) {
  const c = decoded.columns;
  const { u, v } = projectScaled(c.x, c.y);
  const geo = { u, v, geometry: c.geometry || null, paths: null };
  if (c.geometry) {
    const pv = projectScaled(c.vx, c.vy);
    Object.assign(geo, { paths: c.paths, vertices: c.vertices, vu: pv.u, vv: pv.v });
  }
  return geo;
}

/**
 * Starts decoding the document's user-layer blocks (`<prefix>-user-<i>`, JSON of packed payloads) at once, so they
 * inflate while the dataset's payload does: Map(block number → Promise of the decoded layer).
 */
export function preloadUserBlocks(prefix) {
  const out = new Map();
  for (let k = 0; ; k += 1) {
    const node = document.getElementById(prefix + '-user-' + k);
    if (!node) break;
    const decoded = Promise.resolve().then(() => decodePayload(JSON.parse(node.textContent)));
    decoded.catch(() => {}); // reported when the layer is added
    out.set(k, decoded);
  }
  return out;
}

export function createUserLayers(ctx) {
  const map = ctx.map;
  if (!map.getPane('pm-user')) map.createPane('pm-user').style.zIndex = '450';
  const list = [];
  const manager = {};
  const panel = createUserPanel(ctx, manager);
  const legend = createUserLegend(ctx, manager);
  const listView = createUserList(ctx, manager);

  function changed() {
    panel.update();
    legend.update();
  }

  function nameOf(ul, i) {
    return ul.model.textOf('name', i) || ul.model.idOf(i);
  }

  /**
   * Adds a layer from its description (payload.user_layers[i] or the app's args) and its packed payload (or a
   * promise of it decoded). A layer that cannot be decoded is listed as failed; the map goes on.
   */
  async function add(def, source) {
    const ul = { def, key: def.key || null, model: null, geo: null, view: null, visible: true, failed: null, grid: null };
    ul.nameOf = (i) => nameOf(ul, i);
    let boxes = null;
    ul.boxes = () => boxes || (boxes = featureBoxes(ul.geo));
    let soon = 0;
    /** The hit grid (hit.js); built now, or (now = false) soon after, meanwhile null. */
    ul.gridOf = (now) => {
      if (ul.grid || now) return ul.grid || (ul.grid = buildGrid(ul.boxes()));
      if (!soon) soon = window.setTimeout(() => { ul.gridOf(true); }, 0);
      return null;
    };
    list.push(ul);
    changed();
    try {
      const decoded = await (source && typeof source.then === 'function' ? source : decodePayload(source));
      ul.geo = geometryOf(decoded);
      ul.model = createModel(decoded);
    } catch (err) {
      ul.failed = String(err && err.message ? err.message : err);
      window.console.error('presence map: the layer "' + def.title + '" could not be shown: ' + ul.failed);
      changed();
      return ul;
    }
    if (!list.includes(ul)) return ul; // replaced while it was decoding
    ul.model.setDay(ctx.state.day);
    ul.view = def.renderer === 'svg' ? createSvgLayer(ctx, ul, open) : createCanvasLayer(ctx, ul);
    ul.view.layer.addTo(map);
    if (ul.view.syncAll) ul.view.syncAll();
    if (ul.view.kind === 'canvas') ul.gridOf(false); // soon after the first paint: steps then redraw only changes
    changed();
    ctx.emit('layers');
    return ul;
  }

  function remove(ul) {
    const k = list.indexOf(ul);
    if (k >= 0) list.splice(k, 1);
    if (ctx.userPopup && ctx.userPopup.ul === ul) map.closePopup(ctx.popup);
    if (ul.view) ul.view.layer.remove();
  }

  /** The document's layers: payload.user_layers, their data from preloadUserBlocks (by block number). */
  function fromDocument(blocks) {
    const defs = Array.isArray(ctx.payload.user_layers) ? ctx.payload.user_layers : [];
    return Promise.all(defs.map((def) => add(def, blocks.get(def.block) ||
      Promise.reject(new Error('no data block number ' + def.block)))));
  }

  /** The app's layers (component args: [{...description, key, payload}]): replaced only when their keys change. */
  function setFromArgs(items) {
    const wanted = Array.isArray(items) ? items.filter((it) => it && it.payload && it.id) : [];
    const keys = wanted.map((it) => it.key || it.id).join('\n');
    if (keys === manager.argsKeys) return Promise.resolve([]);
    manager.argsKeys = keys;
    for (const ul of list.slice()) remove(ul);
    changed();
    ctx.emit('layers');
    return Promise.all(wanted.map((it) => add(it, it.payload)));
  }

  /** After a date or layer change (the controller's refresh): step every layer, redraw, close a popup that left. */
  function refresh() {
    const day = ctx.state.day;
    for (const ul of list) {
      if (!ul.model || ul.model.day() === day) continue;
      const view = ul.view;
      const enter = view && view.enter ? view.enter : null;
      const leave = view && view.leave ? view.leave : null;
      ul.model.setDay(day, enter, leave);
      if (view) view.redrawSoon();
      const pop = ctx.userPopup;
      if (pop && pop.ul === ul && !ul.model.on[pop.i]) map.closePopup(ctx.popup);
    }
    panel.update();
    legend.update();
  }

  function setVisible(id, on) {
    const ul = list.find((x) => x.def.id === id);
    if (!ul || ul.visible === !!on) return;
    ul.visible = !!on;
    if (ul.view && ul.view.kind === 'svg') {
      if (on) ul.view.layer.addTo(map); else ul.view.layer.remove();
    } else if (ul.view) {
      ul.view.redraw();
    }
    if (!on && ctx.userPopup && ctx.userPopup.ul === ul) map.closePopup(ctx.popup);
    changed();
    ctx.emit('layers');
  }

  /** Opens the popup; from the keyboard (`from`: the element focused), the focus goes into it and comes back. */
  function open(ul, i, latlng, from) {
    openUserPopup(ctx, ul, i, latlng);
    if (!from) return;
    ctx.returnFocus = from;
    const close = ctx.popup.getElement() && ctx.popup.getElement().querySelector('.leaflet-popup-close-button');
    if (close) close.focus({ preventScroll: true });
  }

  function anchor(ul, i) {
    const c = ul.model.decoded.columns;
    return L.latLng(c.y[i] / 100000, c.x[i] / 100000);
  }

  /** From a list row: fold the panels on a phone, open the popup, focus its close button, come back on close. */
  function openFromList(ul, i, from) {
    if (!ul.model || !ul.model.on[i]) return;
    if (map.getSize().x < NARROW_PX) {
      ctx.list.panel.setOpen(false);
      ctx.layersCtl.panel.setOpen(false);
    }
    open(ul, i, anchor(ul, i), from || document.activeElement);
  }

  /** The canvas feature under a mouse or touch event, top layer first: {ul, i} or null. */
  function hitAt(ev) {
    const pt = map.mouseEventToContainerPoint(ev);
    const world = map.project(map.containerPointToLatLng(pt), 0);
    const tol = (ev.pointerType === 'touch' || ev.sourceCapabilities && ev.sourceCapabilities.firesTouchEvents ? TOUCH_HIT_PX : HIT_PX) /
      Math.pow(2, map.getZoom());
    for (let k = list.length - 1; k >= 0; k -= 1) {
      const ul = list[k];
      if (!ul.visible || !ul.model || !ul.view || ul.view.kind !== 'canvas') continue;
      const i = hitTest(ul.geo, ul.gridOf(true), ul.model.on, world.x, world.y, tol);
      if (i >= 0) return { ul, i };
    }
    return null;
  }

  function ignored(ev) {
    const t = ev.target;
    return !t || !t.closest || !!t.closest('.leaflet-control-container, .leaflet-popup-pane, .leaflet-marker-pane, .leaflet-tooltip-pane') ||
      (map.dragging && map.dragging.moved()) || (ctx.measure && ctx.measure.active());
  }

  // canvas features take clicks before Leaflet does (capture), so an area of the dataset under them does not
  const container = map.getContainer();
  container.addEventListener('click', (ev) => {
    if (!list.some((ul) => ul.view && ul.view.kind === 'canvas') || ignored(ev)) return;
    const hit = hitAt(ev);
    if (!hit) return;
    ev.stopPropagation();
    ev.preventDefault();
    const kind = hit.ul.geo.geometry ? hit.ul.geo.geometry[hit.i] : 0;
    open(hit.ul, hit.i, kind === 0 ? anchor(hit.ul, hit.i) : map.mouseEventToLatLng(ev));
  }, true);
  let hoverPending = 0;
  container.addEventListener('mousemove', (ev) => {
    if (hoverPending || !list.some((ul) => ul.view && ul.view.kind === 'canvas')) return;
    hoverPending = window.requestAnimationFrame(() => {
      hoverPending = 0;
      container.classList.toggle('pm-user-hover', !ignored(ev) && !!hitAt(ev));
    });
  });
  map.on('popupclose', (e) => { if (e.popup === ctx.popup) ctx.userPopup = null; });
  // Escape inside a user feature's popup closes it (as the dataset's popups do)
  document.addEventListener('keydown', (ev) => {
    const node = ctx.popup && ctx.popup.getElement();
    if (ev.key === 'Escape' && ctx.userPopup && node && node.contains(document.activeElement)) {
      map.closePopup(ctx.popup);
      ev.preventDefault();
    }
  });

  // the open list follows the date a moment after the last step (rebuilding its tables on every step would cost)
  const listSoon = debounce(() => { if (ctx.list && ctx.list.panel.isOpen()) listView.update(); }, LIST_DEBOUNCE_MS);
  ctx.on('day', listSoon);
  ctx.on('layers', () => { if (ctx.list && ctx.list.panel.isOpen()) listView.update(); });
  ctx.on('relabel', () => {
    changed();
    for (const ul of list) if (ul.view && ul.view.relabel) ul.view.relabel();
    const pop = ctx.userPopup;
    if (pop && map.hasLayer(ctx.popup)) {
      ctx.popup.options.autoPan = false;
      ctx.popup.setContent(buildUserPopup(ctx, pop.ul, pop.i));
      ctx.popup.options.autoPan = true;
      ctx.userPopup = pop;
    }
  });

  Object.assign(manager, {
    panelNode: panel.node,
    legendNode: legend.node,
    listNode: listView.node,
    argsKeys: null,
    layers: () => list,
    fromDocument,
    setFromArgs,
    refresh,
    setVisible,
    openFromList,
    updateList: () => listView.update(),
    listCount: () => listView.count(),
    ids: () => new Set(list.map((ul) => ul.def.id)),
    /** Shows exactly these user layers (presenceMap.setLayers). */
    showOnly: (ids) => { const keep = new Set(ids); for (const ul of list) setVisible(ul.def.id, keep.has(ul.def.id)); },
    /** Ids of the user features drawn now (visible layers). */
    visibleIds: () => list.flatMap((ul) => (ul.model && ul.visible ? ul.model.activeIds() : [])),
    /** One line per layer: what it is and what is drawn (presenceMap.getUserLayers). */
    stats: () => list.map((ul) => ({
      id: ul.def.id, title: ul.def.title, count: ul.model ? ul.model.count : ul.def.count, renderer: ul.def.renderer,
      visible: ul.visible, active: ul.model && ul.visible ? ul.model.active() : 0, failed: ul.failed,
      drawn: ul.view ? ul.view.stats().drawn : 0, paints: ul.view ? ul.view.stats().paints : 0,
      partial: ul.view ? ul.view.stats().partial : 0, paintMs: ul.view ? ul.view.stats().paintMs : 0,
    })),
  });
  return manager;
}
