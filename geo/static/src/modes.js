/**
 * modes.js — what changes the whole map at once (Controller methods, `this` is the controller): opening a chapter
 * (its date, exactly its layers, its view, flown to or jumped to under reduced motion), presentation mode (full
 * screen or a full-window class, large type), leaving it with the browser's full screen, and the page-wide keys
 * (Escape, Enter while measuring, [ and ] or Alt+←/→ for chapters).
 */

/* global L */

import { toBounds } from './framing.js';
import { NARROW_PX } from './layout.js';

function prefersReducedMotion() {
  return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
}

/**
 * Opens chapter n (1-based): its date, exactly its layers, its features framed in the free part of the map (or its
 * stored view): flown to, or an instant jump when the reader prefers reduced motion. Fires
 * "presence:chapterchange" on document.
 */
export function goToChapter(n, opts) {
  const o = opts || {};
  const ch = this.chapters[n - 1];
  if (!ch) return;
  this.player.stop(false);
  if (this.measure.active()) this.measure.stop();
  this.map.closePopup();
  this.state.chapter = n;
  this.setLayers(ch.layers.filter((id) => this.layerById.has(id)));
  this.setDay(ch.day);
  if (this.map.getSize().x >= NARROW_PX || this.state.presenting) this.chapterCtl.panel.setOpen(true);
  this.chapterCtl.update();
  this.fitPanels();
  const v = ch.view;
  const instant = o.instant || prefersReducedMotion();
  // the chapter's features on its date, fitted into the free part of the map (framing.js); else its stored view
  if (this.framing && this.framing.frame(toBounds(ch.bounds), { animate: !instant })) {
    // framed
  } else if (v && Number.isFinite(v.lat) && Number.isFinite(v.lon) && Number.isFinite(v.zoom)) {
    // the zoom the map will really take (zoomSnap), so the panel offset is computed at that scale
    const snap = this.map.options.zoomSnap || 0;
    const zoom = snap ? Math.round(v.zoom / snap) * snap : v.zoom;
    const center = this.visibleCenter(L.latLng(v.lat, v.lon), zoom);
    if (instant) this.map.setView(center, zoom, { animate: false });
    else this.map.flyTo(center, zoom, { duration: 1.2 });
  }
  document.dispatchEvent(new CustomEvent('presence:chapterchange', { detail: { number: n, id: ch.id } }));
  if (o.send !== false) this.bridgeNow();
}

/**
 * Presentation mode: the map fills the screen (Fullscreen API when the browser allows it, else a fixed
 * full-window class), type is large, only the chapter panel, the time control and the tool buttons stay open.
 */
export function setPresentation(on) {
  const want = !!on;
  if (want === this.state.presenting) return;
  const box = this.map.getContainer();
  this.state.presenting = want;
  if (want) {
    this.beforePresent = { layers: this.layersCtl.panel.isOpen(), list: this.list.panel.isOpen(),
      chapters: this.chapterCtl ? this.chapterCtl.panel.isOpen() : false };
    this.layersCtl.panel.setOpen(false);
    this.list.panel.setOpen(false);
    if (this.chapterCtl) this.chapterCtl.panel.setOpen(true);
    this.map.closePopup();
    box.classList.add('pm-present');
    document.documentElement.classList.add('pm-presenting');
    const fs = document.fullscreenEnabled && box.requestFullscreen && !document.fullscreenElement;
    if (fs) {
      try {
        const p = box.requestFullscreen({ navigationUI: 'hide' });
        if (p && p.catch) p.catch(() => {}); // not allowed here (no user gesture, iframe): the class is enough
      } catch (err) { /* the fixed full-window class is the fallback */ }
    }
  } else {
    box.classList.remove('pm-present');
    document.documentElement.classList.remove('pm-presenting');
    if (document.fullscreenElement === box && document.exitFullscreen) document.exitFullscreen().catch(() => {});
    const b = this.beforePresent || {};
    this.layersCtl.panel.setOpen(!!b.layers);
    this.list.panel.setOpen(!!b.list);
    if (this.chapterCtl) this.chapterCtl.panel.setOpen(!!b.chapters);
  }
  this.tools.relabel();
  this.map.invalidateSize({ pan: false });
  this.fitSoon();
  document.dispatchEvent(new CustomEvent('presence:presentationchange', { detail: { on: want } }));
}

export function onFullscreenChange() {
  const box = this.map.getContainer();
  if (document.fullscreenElement === box) this.inFullscreen = true;
  else if (this.inFullscreen) {
    // the browser left full screen (Escape, F11): leave presentation mode with it
    this.inFullscreen = false;
    this.setPresentation(false);
  }
  this.map.invalidateSize({ pan: false });
}

function isTextField(node) {
  if (!node || !node.matches) return false;
  return node.matches('textarea, select, [contenteditable=""], [contenteditable="true"], ' +
    'input:not([type=checkbox]):not([type=radio]):not([type=range]):not([type=button]):not([type=submit])');
}

/** Page-wide keys: Escape (measure, then presentation), Enter (finish measuring), [ and ] (chapters). */
export function onKey(ev) {
  if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey) return;
  const target = ev.target;
  if (ev.key === 'Escape') {
    if (this.measure.active()) {
      this.measure.stop();
      ev.preventDefault();
    } else if (this.state.presenting) {
      this.setPresentation(false);
      if (this.tools.presentBtn.offsetParent) this.tools.presentBtn.focus({ preventScroll: true });
      ev.preventDefault();
    }
    return;
  }
  if (ev.key === 'Enter' && this.measure.active() && !ev.altKey &&
      !(target && target.closest && target.closest('button, a, input, select, textarea, [role=button]'))) {
    if (this.measure.finish()) ev.preventDefault();
    return;
  }
  if (!this.chapterCtl || isTextField(target)) return;
  let delta = 0;
  if (!ev.altKey && (ev.key === '[' || ev.key === ']')) delta = ev.key === '[' ? -1 : 1;
  if (ev.altKey && !ev.shiftKey && (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight')) {
    delta = ev.key === 'ArrowLeft' ? -1 : 1;
  }
  if (!delta) return;
  ev.preventDefault();
  this.chapterCtl.step(delta);
}
