/**
 * popup.js — the feature popup: its content (name, kind, layer, operator, dates, confidence, approximate note,
 * figures with their as-of dates and sources, measures computed in Python in EPSG:32638, description, sources as
 * safe links), and opening/closing it (Controller methods: width and auto-pan padding from the panels around it,
 * focus to the popup and back to the row that opened it). Payload text reaches the DOM as text only.
 */

import { el, svgHolder } from './dom.js';
import { safeHref } from './escape.js';
import { HIT_PX, anchorOf, ensureLayer } from './features.js';
import { NARROW_PX } from './layout.js';
import { legendSvgColored } from './symbols.js';

function link(text, url, className) {
  const href = safeHref(url);
  if (!href) {
    const span = el('span', className, text);
    if (url) span.append(' ', el('span', 'pm-url-text', '(' + url + ')'));
    return span;
  }
  const a = el('a', className, text);
  a.href = href;
  a.rel = 'noopener noreferrer';
  a.target = '_blank';
  return a;
}

function addFact(dl, label, value, note) {
  if (value === null || value === undefined || value === '') return null;
  const dd = el('dd');
  if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
  if (note) dd.append(el('span', 'pm-pop__note', note));
  dl.append(el('dt', null, label), dd);
  return dd;
}

function figureItem(fig, T) {
  const li = el('li');
  const value = (fig.approx ? '≈' : '') + T.number(fig.value, 2);
  const text = fig.unit ? fig.label + ': ' + value + ' ' + fig.unit : value + ' ' + fig.label;
  li.append(el('strong', null, text));
  if (fig.as_of) li.append(' (' + T.withDate('as_of', T.partialWords(fig.as_of)) + ')');
  if (fig.note) li.append(el('span', 'pm-pop__note', fig.note));
  const src = fig.source;
  if (src && (src.title || src.url)) {
    li.append(' ');
    const a = link(src.publisher || src.title || src.url, src.url, 'pm-pop__figsrc');
    if (src.title) a.title = src.title;
    li.append(a);
  }
  return li;
}

export function sourceItem(src, T) {
  const li = el('li');
  li.append(link(src.title || src.url || '?', src.url));
  const date = src.date ? T.partialWords(src.date) : T.t('undated');
  li.append(el('span', 'pm-pop__srcmeta', ' — ' + (src.publisher ? src.publisher + ', ' : '') + date));
  return li;
}

/** "Length: 65.4 km · Area: 3,800 km² · Width: 5 km" (computed in Python in EPSG:32638), or null. */
function measuresLine(m, T) {
  if (!m) return null;
  const parts = [];
  if (Number.isFinite(m.length_km)) parts.push(T.withValue('length_km', T.number(m.length_km, 1)));
  if (Number.isFinite(m.area_km2)) parts.push(T.withValue('area_km2', T.number(m.area_km2, m.area_km2 < 10 ? 1 : 0)));
  if (Number.isFinite(m.width_km)) parts.push(T.withValue('width_km', T.number(m.width_km, 1)));
  return parts.length ? el('p', 'pm-pop__measures', parts.join(' · ')) : null;
}

export function buildPopup(entry, ctx) {
  const f = entry.f;
  const T = ctx.text;
  const root = el('div', 'pm-pop');
  root.lang = ctx.state.lang;
  root.append(el('h2', 'pm-pop__title', T.name(f)));
  const meta = el('p', 'pm-pop__meta');
  meta.append(svgHolder(legendSvgColored(f.kind, entry.color), 'pm-pop__sym'),
    el('span', 'pm-pop__kind', T.kind(f.kind)));
  root.append(meta, el('p', 'pm-pop__layer', T.layerTitle(f.layer)));
  const dl = el('dl', 'pm-pop__facts');
  addFact(dl, T.t('operator'), f.operator);
  addFact(dl, T.t('dates'), T.rangeLong(f), f.date_note);
  const conf = el('span', 'pm-conf pm-conf--' + String(f.confidence), T.t('confidence_' + f.confidence));
  addFact(dl, T.t('confidence'), conf);
  if (f.approximate) addFact(dl, T.t('approximate'), f.approximate_note || '—');
  if (Array.isArray(f.figures) && f.figures.length) {
    const ul = el('ul', 'pm-pop__figures');
    f.figures.forEach((fig) => ul.append(figureItem(fig, T)));
    addFact(dl, T.t('figures'), ul);
  }
  root.append(dl);
  const measures = measuresLine(f.measures, T);
  if (measures) root.append(measures);
  const desc = T.description(f);
  if (desc) root.append(el('p', 'pm-pop__desc', desc));
  if (Array.isArray(f.sources) && f.sources.length) {
    root.append(el('h3', 'pm-pop__h', T.t('sources')));
    const ol = el('ol', 'pm-pop__sources');
    f.sources.forEach((src) => ol.append(sourceItem(src, T)));
    root.append(ol);
  }
  return root;
}

/**
 * On a phone the controls sit above and below the map's free band (buttons at the top; chapter and time at the
 * bottom): the popup's auto-pan keeps clear of all of them, so its title, its close button and the symbol under its
 * tip are never under one.
 */
function clearOfCorners(ctx, pad) {
  const size = ctx.map.getSize();
  if (size.x >= NARROW_PX) return pad;
  const box = ctx.map.getContainer().getBoundingClientRect();
  const out = Object.assign({}, pad);
  for (const c of ctx.map.getContainer().querySelectorAll('.leaflet-control-container .leaflet-control')) {
    const r = c.getBoundingClientRect();
    if (!r.height || !c.offsetParent) continue;
    if (c.closest('.leaflet-top')) out.top = Math.max(out.top, r.bottom - box.top + 8);
    // below the popup's tip its symbol (24 px hit area) must stay clear of the bottom panels too
    else out.bottom = Math.max(out.bottom, box.bottom - r.top + 8 + HIT_PX);
  }
  return out;
}

/** Opens the popup of `entry` at `latlng`, sized and padded to stay clear of the panels. */
export function openPopup(entry, latlng) {
  if (!latlng) return;
  const size = this.map.getSize();
  const pad = clearOfCorners(this, this.panelPadding());
  // content width: the room between the panels (the wrapper adds ~40 px), and a phone needs a little map around it
  const room = Math.max(200, size.x - pad.left - pad.right - 44);
  Object.assign(this.popup.options, {
    maxWidth: Math.min(360, size.x - 84, room),
    minWidth: Math.min(240, size.x - 84, room),
    maxHeight: Math.max(160, size.y - pad.top - pad.bottom - 40),
    autoPanPaddingTopLeft: [pad.left, pad.top],
    autoPanPaddingBottomRight: [pad.right, pad.bottom],
  });
  this.returnFocus = null;
  this.popup.setLatLng(latlng).setContent(buildPopup(entry, this)).openOn(this.map);
  this.popupEntry = entry;
}

/**
 * Opens a feature from the list, or from its symbol by Enter/Space (roving.js): folds the panels on a phone, moves
 * focus into the popup; it comes back to where it was (the row, the symbol) when the popup closes.
 */
export function openFeature(entry) {
  if (!entry.on || !ensureLayer(entry, this)) return;
  if (this.map.getSize().x < NARROW_PX) {
    // on a phone the panels cover the map: fold them so the popup can be seen
    this.list.panel.setOpen(false);
    this.layersCtl.panel.setOpen(false);
  }
  const from = document.activeElement;
  this.openPopup(entry, anchorOf(entry));
  // keyboard users land on the popup and come back to the row when it closes
  this.returnFocus = from && from !== document.body ? from : null;
  const close = this.popup.getElement() && this.popup.getElement().querySelector('.leaflet-popup-close-button');
  if (close) close.focus({ preventScroll: true });
}

function usable(node) {
  return !!(node && node.isConnected && !node.closest('[hidden]') && node.getClientRects().length);
}

/**
 * When the popup closes and focus went with it (Escape, its close button, a tap on a phone), focus goes back to
 * where the popup was opened from (a list row), else to the feature's symbol, else to the map: never to the page
 * body. Focus that is elsewhere (the slider, a panel) stays where it is.
 */
export function onPopupClose() {
  const entry = this.popupEntry;
  this.popupEntry = null;
  const back = this.returnFocus;
  this.returnFocus = null;
  const active = document.activeElement;
  // Leaflet fades the popup out and removes it 200 ms later: focus inside it is about to be lost too
  const box = this.popup.getElement();
  const lost = !active || active === document.body || active === document.documentElement || (box && box.contains(active));
  if (!lost) return;
  const symbol = entry && this.roving ? this.roving.elementOf(entry) : null;
  const target = [back, symbol, this.map.getContainer()].find(usable);
  if (target) target.focus({ preventScroll: true });
}

/** Labels Leaflet's close button in the current language. */
export function labelPopup(popup) {
  const node = popup.getElement && popup.getElement();
  const close = node && node.querySelector('.leaflet-popup-close-button');
  if (close) {
    close.setAttribute('aria-label', this.text.t('close'));
    close.title = this.text.t('close');
  }
}
