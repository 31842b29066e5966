/**
 * controls/measure.js — the measure tool: clicks on the map add points, a dashed line along the great circle
 * joins them, the running total (Vincenty on WGS84, geodesy.js) is shown by the last point and announced in a live
 * region; double-click or Enter finishes, Escape cancels. Keyboard alternative: "from"/"to" menus of the features
 * on the map. The panel keeps its place from mount; its content and map layers are built after the first frame (or
 * by start()). Subscribes to 'day', 'layers' (the menus follow what is on the map) and 'relabel'.
 */

/* global L */

import { button, el, svgHolder } from '../dom.js';
import { geodesicKm, greatCircle } from '../geodesy.js';
import { representativePoint } from '../geometry.js';
import { ICONS } from '../icons.js';
import { NARROW_PX } from '../layout.js';
import { fill } from '../text.js';
import { clamp, debounce } from '../util.js';

const MEASURE_DEDUPE_PX = 5;

/**
 * Measuring: clicks on the map add points; a dashed line (along the great circle) joins them; the running total
 * (Vincenty, WGS84) is announced in a live region. Double-click or Enter finishes, Escape cancels. Keyboard
 * alternative: two menus of the features on the map ("from", "to").
 */
export function createMeasure(ctx) {
  // the panel is hidden until measuring starts: its place among the controls is kept from mount, its content and
  // the map layers are built after the first frame (or by start(), whichever comes first)
  const root = el('section', 'pm-panel pm-measure');
  root.hidden = true;
  let impl = null;
  function ensure() {
    if (!impl) {
      impl = buildMeasure(ctx, root);
      impl.relabel();
    }
    return impl;
  }
  const api = {
    node: root,
    ensure,
    start: () => ensure().start(),
    stop: () => { if (impl) impl.stop(); },
    finish: () => (impl ? impl.finish() : false),
    addPoint: (latlng) => { if (impl) impl.addPoint(latlng); },
    relabel: () => { if (impl) impl.relabel(); },
    update: () => { if (impl) impl.update(); },
    active: () => !!impl && impl.active(),
    distanceKm: () => (impl ? impl.distanceKm() : null),
    points: () => (impl ? impl.points() : []),
  };
  ctx.on('day', api.update);
  ctx.on('layers', api.update);
  ctx.on('relabel', api.relabel);
  return api;
}

function buildMeasure(ctx, root) {
  const map = ctx.map;
  const head = el('div', 'pm-measure__head');
  const title = el('h2', 'pm-measure__title');
  title.id = 'pm-measure-title-' + ctx.uid;
  root.setAttribute('aria-labelledby', title.id);
  const closeBtn = button('pm-btn pm-measure__close', () => stop());
  closeBtn.append(svgHolder(ICONS.close));
  head.append(title, closeBtn);
  const hint = el('p', 'pm-measure__hint');
  const result = el('p', 'pm-measure__result');
  result.setAttribute('role', 'status');
  result.setAttribute('aria-live', 'polite');
  result.setAttribute('aria-atomic', 'true');
  const pair = el('div', 'pm-measure__pair');
  const makePick = (cls) => {
    const label = el('label', 'pm-measure__label');
    const text = el('span', 'pm-measure__labeltext');
    const select = el('select', 'pm-select pm-measure__select ' + cls);
    label.append(text, select);
    pair.append(label);
    select.addEventListener('change', onPair);
    return { text, select };
  };
  const from = makePick('pm-measure__from');
  const to = makePick('pm-measure__to');
  root.append(head, hint, pair, result);

  if (!map.getPane('pm-measure')) map.createPane('pm-measure').style.zIndex = '640';
  const group = L.layerGroup();
  const line = L.polyline([], { pane: 'pm-measure', interactive: false, color: '#1a1a1a', weight: 3, dashArray: '8 7',
    lineCap: 'butt', className: 'pm-measure-line' });
  const halo = L.polyline([], { pane: 'pm-measure', interactive: false, color: '#ffffff', weight: 7, opacity: 0.85,
    className: 'pm-measure-halo' });
  const guide = L.polyline([], { pane: 'pm-measure', interactive: false, color: '#1a1a1a', weight: 2, dashArray: '3 6',
    opacity: 0.8, className: 'pm-measure-guide' });
  const label = L.tooltip({ permanent: true, direction: 'right', offset: [10, 0], className: 'pm-tip pm-measure-tip',
    pane: 'pm-measure' });
  group.addLayer(halo).addLayer(line).addLayer(guide);
  let active = false;
  let finished = false;
  let points = [];
  let vertices = [];
  let dblZoomWas = true;
  let pairEntries = [];

  function totalKm() {
    let km = 0;
    for (let i = 1; i < points.length; i += 1) {
      km += geodesicKm(points[i - 1].lat, points[i - 1].lng, points[i].lat, points[i].lng);
    }
    return km;
  }

  function resultText(km) {
    return fill(ctx.text.t('measure_result'), { value: ctx.text.km1(km) });
  }

  function redraw() {
    const path = [];
    for (let i = 1; i < points.length; i += 1) {
      const km = geodesicKm(points[i - 1].lat, points[i - 1].lng, points[i].lat, points[i].lng);
      const seg = greatCircle(points[i - 1], points[i], clamp(Math.ceil(km / 25), 1, 64), L.latLng);
      path.push(...(i === 1 ? seg : seg.slice(1)));
    }
    if (points.length === 1) path.push(points[0]);
    line.setLatLngs(path);
    halo.setLatLngs(path);
    for (const v of vertices) group.removeLayer(v);
    vertices = points.map((p) => L.circleMarker(p, { pane: 'pm-measure', interactive: false, radius: 4.5, weight: 2,
      color: '#1a1a1a', fillColor: '#ffffff', fillOpacity: 1 }));
    for (const v of vertices) group.addLayer(v);
    if (points.length >= 2) {
      label.setContent(el('span', 'pm-tip__body', resultText(totalKm())));
      label.setLatLng(points[points.length - 1]);
      if (!map.hasLayer(label)) label.addTo(map);
    } else if (map.hasLayer(label)) {
      map.removeLayer(label);
    }
    announce();
  }

  function announce() {
    result.textContent = points.length >= 2 ? resultText(totalKm()) : '';
  }

  function clearPoints() {
    points = [];
    finished = false;
    guide.setLatLngs([]);
    redraw();
  }

  function addPoint(latlng) {
    if (!active) return;
    if (finished) clearPoints();
    const ll = L.latLng(latlng.lat, latlng.lng);
    const last = points[points.length - 1];
    // the two clicks of a double-click land on the same spot: count the point once
    if (last && map.latLngToContainerPoint(last).distanceTo(map.latLngToContainerPoint(ll)) < MEASURE_DEDUPE_PX) return;
    points.push(ll);
    from.select.value = '';
    to.select.value = '';
    redraw();
  }

  function finish() {
    if (!active || points.length < 2) return false;
    finished = true;
    guide.setLatLngs([]);
    announce();
    return true;
  }

  function onMapClick(e) {
    addPoint(e.latlng);
  }

  function onMove(e) {
    if (finished || !points.length) return;
    guide.setLatLngs([points[points.length - 1], e.latlng]);
  }

  function onDblClick(e) {
    L.DomEvent.stop(e);
    finish();
  }

  /** The features on the map now, by name, as the keyboard alternative's options. */
  function fillPairs() {
    if (!active) return;
    const T = ctx.text;
    const keep = [from.select.value, to.select.value].map((v) => (v === '' ? null : pairEntries[+v]));
    pairEntries = ctx.entries.filter((en) => en.on && en.f.g && representativePoint(en.f.g))
      .sort((a, b) => T.compare(T.name(a.f), T.name(b.f)));
    for (const [i, pick] of [from, to].entries()) {
      const blank = el('option', null, T.t('measure_pick'));
      blank.value = '';
      const opts = pairEntries.map((en, j) => {
        const o = el('option', null, T.name(en.f));
        o.value = String(j);
        return o;
      });
      pick.select.replaceChildren(blank, ...opts);
      const j = keep[i] ? pairEntries.indexOf(keep[i]) : -1;
      pick.select.value = j >= 0 ? String(j) : '';
    }
  }
  const fillPairsSoon = debounce(fillPairs, 200);

  function onPair() {
    if (from.select.value === '' || to.select.value === '') return;
    const a = representativePoint(pairEntries[+from.select.value].f.g);
    const b = representativePoint(pairEntries[+to.select.value].f.g);
    points = [L.latLng(a[0], a[1]), L.latLng(b[0], b[1])];
    finished = true;
    guide.setLatLngs([]);
    redraw();
  }

  function start() {
    if (active) return;
    active = true;
    ctx.map.closePopup();
    if (map.getSize().x < NARROW_PX) {
      // phones: the measure panel needs the room the other panels take
      ctx.layersCtl.panel.setOpen(false);
      ctx.list.panel.setOpen(false);
      if (ctx.chapterCtl) ctx.chapterCtl.panel.setOpen(false);
    }
    root.hidden = false;
    map.getContainer().classList.add('pm-measuring');
    dblZoomWas = map.doubleClickZoom.enabled();
    map.doubleClickZoom.disable();
    group.addTo(map);
    map.on('click', onMapClick);
    map.on('mousemove', onMove);
    map.on('dblclick', onDblClick);
    clearPoints();
    fillPairs();
    ctx.tools.relabel();
    ctx.fitSoon();
  }

  /** Leaves measuring and clears the line; focus goes back to the measure button when it was in the panel. */
  function stop() {
    if (!active) return;
    const refocus = root.contains(document.activeElement) || document.activeElement === map.getContainer();
    clearPoints();
    active = false;
    root.hidden = true;
    map.getContainer().classList.remove('pm-measuring');
    if (dblZoomWas) map.doubleClickZoom.enable();
    group.remove();
    if (map.hasLayer(label)) map.removeLayer(label);
    map.off('click', onMapClick);
    map.off('mousemove', onMove);
    map.off('dblclick', onDblClick);
    ctx.tools.relabel();
    ctx.fitSoon();
    if (refocus && ctx.tools.measureBtn.offsetParent) ctx.tools.measureBtn.focus({ preventScroll: true });
  }

  function relabel() {
    const T = ctx.text;
    title.textContent = T.t('measure');
    hint.textContent = T.t('measure_hint');
    from.text.textContent = T.t('measure_from');
    to.text.textContent = T.t('measure_to');
    closeBtn.setAttribute('aria-label', T.t('measure_stop'));
    closeBtn.title = T.t('measure_stop');
    fillPairs();
    if (points.length >= 2) {
      label.setContent(el('span', 'pm-tip__body', resultText(totalKm())));
      announce();
    }
  }

  return {
    start, stop, finish, addPoint, relabel,
    update: () => { if (active) fillPairsSoon(); },
    active: () => active,
    distanceKm: () => (points.length >= 2 ? totalKm() : null),
    points: () => points.map((p) => [p.lat, p.lng]),
  };
}
