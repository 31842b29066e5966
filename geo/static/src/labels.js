/**
 * labels.js — the names on the map: place labels (payload.places: towns with their dots, countries, seas, regions,
 * rivers, lakes) and the direct labels of the key presence features (directlabels.js), each a DOM element in the
 * 'pm-labels' pane (above the presence areas and lines, below the symbols) carrying data-place / data-feature and
 * lang, text set with textContent. A direct label on a symbol that stands on a labelled place becomes that label's
 * second line ("Gyumri" / "102nd base"; one per place). Laid out by the greedy placer (placer.js) in container
 * pixels, in this order: the key places (capitals and the story's cities: rank <= 1, story 3, so no direct label
 * takes their only free spot), the direct labels of lines and areas (too small to carry them along or inside:
 * beside them, or a little farther out with a leader line, leaders.js), the direct labels of symbols (with their
 * places), then the other places in payload order; around the obstacles (obstacles.js). Each text
 * and style is measured once (after the fonts are ready), so a date change re-reads only the obstacles and places
 * again. Re-laid out (once per frame) on zoomend, moveend, resize, a control's size change, language, name order,
 * date and layers; faded during a zoom. The pane is aria-hidden: the list control (controls/list.js) names the
 * places shown, as text.
 */

/* global L */

import { areaAlts, areaBounds, directKey, fillPlaces, fitsOnScreen, inkOf, isStoryRegion, labelPoints, lonLatBounds, onArea,
  pixelBox, placeStyle, placeText } from './directlabels.js';
import { el } from './dom.js';
import { safeColor } from './escape.js';
import { isAreaGeometry, isLineGeometry } from './geometry.js';
import { setLeader } from './leaders.js';
import { createSizes, writeText } from './labeltext.js';
import { createObstacles, markerBox } from './obstacles.js';
import { ANCHORS, densityCell, placeLabels, visibleAt } from './placer.js';

const PANE = 'pm-labels';
/** From this map width (CSS px) the type is one pixel larger (geo/data/README.md "Typography plan"). */
export const WIDE_PX = 1000;
/** A place whose dot is this close to a symbol (px) takes that symbol's direct label as its second line. */
const HOST_PX = 3;
/** Area labels (centred on their point) are considered while their point is this close to the view (px). */
const CULL_AREA_PX = 120;

function div(className) {
  const node = el('div', className);
  node.hidden = true;
  return node;
}

/** The text-align of a multi-line label at a placer anchor: towards its dot. */
export function alignFor(anchor) {
  if (anchor === 'UL' || anchor === 'LL' || anchor === 'CL') return 'right';
  if (anchor === 'UR' || anchor === 'LR' || anchor === 'CR') return 'left';
  return 'center';
}

export function createLabels(ctx) {
  const map = ctx.map;
  const places = ctx.payload.places || {};
  const tags = places.lang_tags || {};
  const strings = (ctx.payload.strings && ctx.payload.strings.en) || {};
  let pane = map.getPane(PANE);
  if (!pane) {
    pane = map.createPane(PANE);
    pane.style.zIndex = '450';
  }
  pane.classList.add('pm-labels');
  pane.setAttribute('aria-hidden', 'true');
  const dotLayer = el('div', 'pm-labels__dots');
  const textLayer = el('div', 'pm-labels__text');
  pane.append(dotLayer, textLayer);
  const obstacles = createObstacles(ctx);

  const byPlace = new Map();
  const placeRecs = [];
  for (const item of Array.isArray(places.items) ? places.items : []) {
    if (!item || typeof item.id !== 'string' || !Number.isFinite(item.lat) || !Number.isFinite(item.lon)) continue;
    const st = placeStyle(item);
    const rec = { id: item.id, item, st, ll: L.latLng(item.lat, item.lon), el: div('pm-label pm-label--' + st.cls),
      alts: st.area ? areaAlts(item).map((c) => L.latLng(c[1], c[0])) : [], within: st.area ? areaBounds(item) : null,
      name: el('span', 'pm-label__name'), dot: st.dot ? div('pm-dot pm-dot--' + st.cls) : null, text: '',
      subs: [], shown: false, at: '', align: '' };
    rec.cls = rec.el.className;
    rec.el.dataset.place = item.id;
    rec.el.append(rec.name);
    textLayer.append(rec.el);
    if (rec.dot) dotLayer.append(rec.dot);
    byPlace.set(item.id, rec);
    placeRecs.push(rec);
  }

  const has = (key) => typeof strings[key] === 'string';
  const directRecs = [];
  for (const entry of ctx.entries) {
    const key = entry.f.g && entry.f.g.type ? directKey(entry.f, has) : null;
    if (!key) continue;
    const type = entry.f.g.type;
    const shape = isAreaGeometry(type) ? 'area' : isLineGeometry(type) ? 'line' : 'point';
    const rec = { id: 'f:' + entry.f.id, entry, key, shape, el: div('pm-label pm-label--direct pm-label--direct-' + shape),
      spots: shape === 'point' ? [] : labelPoints(entry.f.g).map((c) => L.latLng(c[1], c[0])),
      bounds: shape === 'point' ? null : lonLatBounds(entry.f.g), host: null, text: '', shown: false, at: '' };
    rec.cls = rec.el.className;
    rec.el.dataset.feature = entry.f.id;
    rec.el.style.color = inkOf(safeColor(entry.color));
    textLayer.append(rec.el);
    directRecs.push(rec);
  }
  directRecs.sort((a, b) => a.entry.order - b.entry.order || (a.shape === 'point' ? 0 : 1) - (b.shape === 'point' ? 0 : 1) ||
    (a.entry.f.id < b.entry.f.id ? -1 : a.entry.f.id > b.entry.f.id ? 1 : 0));

  const sizes = createSizes();
  let started = false;
  let frame = 0;
  let placedNames = [];
  let lastLang = null;
  let lastKey = '';

  function nameOf(id) {
    const rec = byPlace.get(id);
    return rec ? placeText(rec.item, ctx.state.lang, ctx.state.swap) : null;
  }

  /** Sets every label's text and lang in the reader's language and name order (no layout read). */
  function setTexts() {
    const lang = ctx.state.lang;
    const tag = tags[lang] || lang;
    for (const rec of placeRecs) writeText(rec, rec.name, placeText(rec.item, lang, ctx.state.swap), tag);
    for (const rec of directRecs) writeText(rec, rec.el, fillPlaces(ctx.text.t(rec.key), nameOf), tag);
    lastLang = lang;
  }

  /**
   * Measures the labels not measured yet in this language, name order and width class (labeltext.js), each on its
   * own: the direct labels are taken out of their places' labels first. Never on a date change.
   */
  function measure(type) {
    const did = sizes.measure(placeRecs.concat(directRecs), type, ctx.state.lang + '|' + ctx.state.swap + '|' + type, () => {
      for (const rec of directRecs) attach(rec, null);
    });
    if (!did) return;
    for (const r of directRecs) r.shown = false;
    lastKey = '';
  }

  /** Puts a direct label into its host place's label (its second line), or back on its own. */
  function attach(rec, host) {
    if (rec.host === host) return;
    rec.host = host;
    rec.at = '';
    rec.el.style.left = '';
    rec.el.style.top = '';
    rec.el.classList.toggle('pm-label--sub', !!host);
    if (host) {
      host.el.append(rec.el);
      rec.el.hidden = false;
      rec.shown = false;
    } else {
      textLayer.append(rec.el);
      rec.el.hidden = true;
    }
  }

  /** Places every label for the current view, date, language and layout (see the header). */
  function layout() {
    if (!started) return;
    const size = map.getSize();
    if (pane.classList.contains('pm-labels--zooming')) pane.classList.remove('pm-labels--zooming');
    if (!size.x || !size.y) return;
    if (ctx.state.lang !== lastLang) setTexts();
    const zoom = map.getZoom();
    // the type class: projector sizes in presentation mode, one pixel more on wide maps (css/labels.css)
    const type = map.getContainer().classList.contains('pm-present') ? 'present' : size.x >= WIDE_PX ? 'wide' : '';
    pane.classList.toggle('pm-labels--wide', type === 'wide');
    const origin = map.getPixelBounds().min;
    const at = (ll) => map.project(ll, zoom).subtract(origin);
    measure(type);
    // the same view, words, panels, symbols and direct labels as last time (most date steps): nothing to do
    const { boxes: data, ids } = obstacles.data(zoom, origin, size);
    const key = [zoom, size.x, size.y, origin.x, origin.y, ctx.state.lang, ctx.state.swap, obstacles.version(),
      directRecs.filter((r) => r.entry.on).map((r) => r.id).join(','), ids.join(',')].join('|');
    if (key === lastKey) return;
    lastKey = key;
    const inView = (p, m) => p.x >= -m && p.y >= -m && p.x <= size.x + m && p.y <= size.y + m;

    // the places of this zoom whose point is in view (area labels: near it; they are centred on it)
    const visible = [];
    for (const r of placeRecs) {
      if (!visibleAt(r.item, zoom)) continue;
      r.p = at(r.ll);
      r.subs = [];
      if (inView(r.p, r.st.area ? CULL_AREA_PX : 0) || r.alts.some((ll) => inView(at(ll), CULL_AREA_PX))) visible.push(r);
    }
    const dots = visible.filter((r) => !r.st.area);
    // direct labels of the features on the map and in view; one on a place's symbol joins that place's label
    const live = [];
    for (const rec of directRecs) {
      let host = null;
      rec.mbox = null;
      if (rec.entry.on && rec.entry.layer && map.hasLayer(rec.entry.layer)) {
        const m = rec.shape === 'point' ? rec.entry.markers.find((mk) => map.hasLayer(mk)) : null;
        if (m) rec.mbox = markerBox(map, m, zoom, origin);
        if (rec.mbox ? inView(rec.mbox, 0) : rec.shape !== 'point') live.push(rec);
        if (rec.mbox) {
          // the most important free place on the symbol (lowest rank), then the nearest
          let best = Infinity;
          for (const r of dots) {
            const d = Math.max(r.p.x - rec.mbox.x1, rec.mbox.x0 - r.p.x, r.p.y - rec.mbox.y1, rec.mbox.y0 - r.p.y);
            const score = r.item.rank * 1e4 + Math.hypot(r.p.x - rec.mbox.x, r.p.y - rec.mbox.y);
            if (d <= HOST_PX + r.st.dot && score < best && !r.subs.length) { best = score; host = r; }
          }
        }
      }
      attach(rec, host);
      if (host) host.subs.push(rec);
    }
    const alone = live.filter((r) => !r.host);

    const items = [];
    const recOf = new Map();
    const push = (rec, item) => {
      if (!item || recOf.has(rec.id)) return;
      items.push(item);
      recOf.set(rec.id, rec);
    };
    // 1. the capitals, then the story's regions (Abkhazia, South Ossetia, Nagorno-Karabakh: on their area, at any
    // of its points), then the other key places (the story's cities: a direct label on their symbol as their
    // second line; their dots are reserved from the start, so a region label leaves them free); 2. the lines' and
    // areas' direct labels (a small one beside its feature, or farther out with a leader: the corridor before the
    // names of the symbols on it); 3. the symbols' direct labels (alone, or as their place's second line); 4. the
    // other places in payload order
    const isKey = (r) => !r.st.area && r.item.rank <= 1 && r.item.story >= 3;
    for (const r of visible) if (r.item.kind === 'capital') push(r, placeItem(r, type, true, at));
    for (const r of visible) if (isStoryRegion(r.item)) push(r, placeItem(r, type, true, at));
    for (const r of visible) if (isKey(r)) push(r, placeItem(r, type, true, at));
    for (const rec of alone) if (rec.shape !== 'point') push(rec, spreadItem(rec, type, zoom, at));
    for (const rec of live) {
      if (rec.host) push(rec.host, placeItem(rec.host, type, true));
      else if (rec.shape === 'point' && rec.mbox) push(rec, pointItem(rec, type));
    }
    for (const r of visible) push(r, placeItem(r, type, false, at));

    const obs = obstacles.ui().concat(data);
    const { placed } = placeLabels(items, { width: size.x, height: size.y, obstacles: obs, cell: densityCell(zoom) });
    apply(placed, recOf, type);
  }

  function placeItem(r, type, key, at) {
    const sz = sizes.formsOf(r, type);
    const item = { id: r.id, x: r.p.x, y: r.p.y, w: sz.w, h: sz.h, forms: sz.forms, dot: r.st.dot,
      area: r.st.area, anchors: r.st.anchors, keep: key || r.item.rank === 0 || r.item.story >= 3,
      reserve: key ? 'key' : r.item.rank <= 1 || r.item.story >= 3, claim: isStoryRegion(r.item) };
    // an area label with more points inside its area: tried there too, its centre kept on the area's bounds (or
    // at most one line above or below them: a small area whose symbols fill it is named just beside it)
    if (r.alts.length) item.alts = r.alts.map(at);
    if (r.within) item.within = onArea(pixelBox(r.within.map((c) => at(L.latLng(c[1], c[0])))), sizes.get(r, type).h);
    return item;
  }

  function pointItem(rec, type) {
    const sz = sizes.get(rec, type);
    const b = rec.mbox;
    return { id: rec.id, x: b.x, y: b.y, w: sz.w, h: sz.h, dot: 0, anchorBox: b, anchors: ANCHORS, keep: true,
      leader: true };
  }

  /**
   * A line's or an area's direct label, tried at its spots; a feature too small on screen to carry its label along
   * or inside it (the Lachin corridor, the peacekeeping zone at a country-wide zoom) is named beside it, around its
   * box, as a symbol is.
   */
  function spreadItem(rec, type, zoom, at) {
    if (!rec.spots.length || !rec.bounds) return null;
    const sz = sizes.get(rec, type);
    const a = at(L.latLng(rec.bounds[0][1], rec.bounds[0][0]));
    const b = at(L.latLng(rec.bounds[1][1], rec.bounds[1][0]));
    const side = Math.max(Math.abs(b.x - a.x), Math.abs(b.y - a.y));
    const pts = rec.spots.map(at);
    if (!fitsOnScreen(side, sz.w)) {
      const around = pixelBox([a, b]);
      if (around.x1 < 0 || around.y1 < 0 || around.x0 > map.getSize().x || around.y0 > map.getSize().y) return null;
      Object.assign(around, { x: (around.x0 + around.x1) / 2, y: (around.y0 + around.y1) / 2 });
      return { id: rec.id, x: around.x, y: around.y, w: sz.w, h: sz.h, dot: 0, anchorBox: around, anchors: ANCHORS,
        keep: true, leader: true, target: pts[0] };
    }
    const big = rec.shape === 'area' && side >= 2.5 * sz.w;
    return { id: rec.id, x: pts[0].x, y: pts[0].y, alts: pts.slice(1), w: sz.w, h: sz.h, dot: 0, area: big, keep: true,
      anchors: big ? ['C', 'CU', 'CD'] : ANCHORS };
  }

  /** Shows the placed labels (and their dots) where the placer put them, hides the rest, tells the list. */
  function apply(placed, recOf, type) {
    const off = map.containerPointToLayerPoint([0, 0]); // container → layer pixels (the pane moves with the map)
    const shown = new Set();
    const names = [];
    for (const p of placed) {
      const rec = recOf.get(p.id);
      shown.add(rec);
      const x = Math.round(p.box.x0 + off.x);
      const y = Math.round(p.box.y0 + off.y);
      if (rec.at !== x + ',' + y) {
        // left/top, not transforms: a hundred transformed labels would each be a compositing node of their own
        rec.el.style.left = x + 'px';
        rec.el.style.top = y + 'px';
        rec.at = x + ',' + y;
      }
      // a label placed in a shorter form: without its second line, or the contested pair on two lines
      const form = p.form > 0 ? sizes.formsOf(rec, type).forms[p.form - 1] : null;
      for (const sub of rec.subs || []) if (sub.el.hidden !== !!(form && !form.subs)) sub.el.hidden = !!(form && !form.subs);
      rec.el.classList.toggle('pm-label--wrap', !!(form && form.wrap));
      const multi = (rec.subs && rec.subs.length && !(form && !form.subs)) || (form && form.wrap);
      const align = multi ? alignFor(p.anchor) : '';
      if (rec.align !== align) {
        rec.el.style.textAlign = align;
        rec.align = align;
      }
      if (!rec.shown) {
        rec.shown = true;
        rec.el.hidden = false;
      }
      if (rec.dot && p.dotBox) {
        rec.dot.style.left = Math.round(p.dotBox.x0 + off.x) + 'px';
        rec.dot.style.top = Math.round(p.dotBox.y0 + off.y) + 'px';
        rec.dot.hidden = false;
      }
      if (rec.entry) setLeader(rec, p.leader, off, dotLayer);
      if (!rec.entry) names.push(rec.text);
    }
    for (const rec of placeRecs) {
      if (shown.has(rec) || !rec.shown) continue;
      rec.shown = false;
      rec.el.hidden = true;
      if (rec.dot) rec.dot.hidden = true;
    }
    for (const rec of directRecs) {
      if (rec.host || shown.has(rec) || !rec.shown) continue;
      rec.shown = false;
      rec.el.hidden = true;
      setLeader(rec, null, off, dotLayer);
    }
    placedNames = names;
    if (ctx.list && ctx.list.setPlaces) ctx.list.setPlaces(names);
  }

  /** layout() once, before the next frame is drawn (or right after this task where no frames come). */
  function schedule() {
    if (!started || frame) return;
    const run = () => {
      frame = 0;
      layout();
    };
    frame = document.hidden || !window.requestAnimationFrame ? window.setTimeout(run, 0) : window.requestAnimationFrame(run);
  }

  /** The first layout (after the first frame: mount calls it from complete()), and the listeners. */
  function start() {
    if (started) return;
    started = true;
    setTexts();
    layout();
    const relayout = () => {
      obstacles.invalidate();
      schedule();
    };
    map.on('zoomend moveend', schedule);
    map.on('resize', relayout);
    map.on('zoomstart', () => pane.classList.add('pm-labels--zooming'));
    if (window.ResizeObserver) {
      // the controls' boxes are obstacles: read them again when a corner (or the headline) changes size (layout is
      // clean in this callback, so reading them forces none), and place again only if one really moved
      const ro = new window.ResizeObserver(() => {
        if (obstacles.refreshUi()) schedule();
      });
      for (const corner of map.getContainer().querySelectorAll('.leaflet-control-container > div')) ro.observe(corner);
      for (const n of document.querySelectorAll('.pm-headline')) ro.observe(n);
    }
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(() => {
        if (!sizes.fontsLoaded()) return;
        lastKey = '';
        schedule();
      });
    }
  }

  ctx.on('relabel', () => {
    if (!started) return;
    setTexts();
    obstacles.invalidate(); // the controls' words changed: their boxes may have too
    schedule();
  });
  ctx.on('day', schedule);
  ctx.on('layers', schedule);
  return { start, layout, schedule, placedNames: () => placedNames.slice(), pane };
}
