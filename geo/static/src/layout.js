/**
 * layout.js — where the panels sit and how much room they leave the map (Controller methods, `this` is the
 * controller): the phone breakpoint, the height of the left column's bodies above the time control, the chapter
 * panel's place (top left, or above the time control on phones), the map centre that puts a point in the free
 * part of the map, and the padding that keeps an auto-panned popup clear of the panels. These read layout, so they
 * run only after the first frame (fitSoon waits for complete()).
 */

/** Below this map width (CSS px) the controls take their phone layout (panels folded, chapter at the bottom). */
export const NARROW_PX = 600;

/** From this map width (CSS px) the layers panel and its legend open on first view; narrower maps (article
 * columns, phones) start with them folded, so the map is the reader's. */
export const PANEL_OPEN_PX = 900;

/**
 * Keeps two corners clear of what spans the map (Controller method): the scale bar (bottom left) above the
 * bottom stack (time control, footer, source line: full width), and, on phones, the top right controls under a
 * full-width headline (the --pm-head-h variable). ResizeObserver callbacks run after layout: no forced reflow.
 */
export function watchCorners() {
  const box = this.map.getContainer();
  const bottomRight = box.querySelector('.leaflet-bottom.leaflet-right');
  const bottomLeft = box.querySelector('.leaflet-bottom.leaflet-left');
  const head = this.headline && this.headline.top;
  const key = this.layersCtl && this.layersCtl.node;
  if (!window.ResizeObserver || !bottomRight || !bottomLeft) return;
  // --pm-bottom-h: the bottom stack; --pm-head-h: the headline; --pm-key-h: the layers panel (a phone's still
  // image puts it above the bottom stack: snapshot.css)
  const observer = new window.ResizeObserver(() => {
    box.style.setProperty('--pm-bottom-h', Math.round(bottomRight.offsetHeight) + 'px');
    if (head) box.style.setProperty('--pm-head-h', Math.round(head.offsetTop + head.offsetHeight) + 'px');
    if (key) box.style.setProperty('--pm-key-h', Math.round(key.offsetHeight + 6) + 'px');
  });
  observer.observe(bottomRight);
  if (head) observer.observe(head);
  if (key) observer.observe(key);
}

/**
 * The open bodies of the left column (list, chapter) are limited to the room above the time
 * control, so nothing slides under it whatever else is open (measure panel, presentation type sizes).
 */
export function fitPanels() {
  const bodies = [this.list.body];
  if (this.chapterCtl && this.chapterControl.getPosition() === 'topleft') bodies.push(this.chapterCtl.body);
  // nothing to measure when every body is folded: no layout is forced then
  if (bodies.every((body) => body.hidden)) {
    for (const body of bodies) body.style.maxHeight = '';
    return;
  }
  // the lowest free line: the top of the time control, or of the chapter panel when it sits above it (phones)
  const bottomChap = this.chapterCtl && this.chapterControl.getPosition() === 'bottomright' && this.chapterCtl.node.offsetParent;
  const limit = (bottomChap ? this.chapterCtl.node : this.time.node).getBoundingClientRect().top - 10;
  for (const body of bodies) {
    body.style.maxHeight = '';
    if (body.hidden || !body.offsetParent) continue;
    const top = body.getBoundingClientRect().top;
    const cs = window.getComputedStyle(body);
    const css = parseFloat(cs.maxHeight);
    // max-height is a content-box height: padding and borders come on top of it
    const extra = cs.boxSizing === 'border-box' ? 0 : ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth']
      .reduce((sum, k) => sum + (parseFloat(cs[k]) || 0), 0);
    const room = Math.floor(limit - top - extra);
    body.style.maxHeight = Math.max(72, Number.isFinite(css) ? Math.min(css, room) : room) + 'px';
  }
}

/** fitPanels in the next animation frame (once per frame), and only after complete(). */
export function fitSoon() {
  // before complete() (which fits the panels itself) nothing is measured: no layout before the first frame
  if (this.fitFrame || !this.completed) return;
  this.fitFrame = window.requestAnimationFrame(() => {
    this.fitFrame = 0;
    this.fitPanels();
  });
}

/** Wide screens: the chapter panel under the list button; phones: above the time control, folded. */
export function placeChapters() {
  const want = this.map.getSize().x < NARROW_PX ? 'bottomright' : 'topleft';
  if (this.chapterControl.getPosition() === want) {
    this.fitSoon();
    return;
  }
  const hadFocus = this.chapterCtl.node.contains(document.activeElement) ? document.activeElement : null;
  this.chapterControl.setPosition(want);
  if (hadFocus) hadFocus.focus({ preventScroll: true });
  this.fitSoon();
}

/**
 * The map centre that puts `latlng` in the middle of the part of the map the panels leave free (right of the
 * chapter panel, above the time control), at `zoom`.
 */
export function visibleCenter(latlng, zoom) {
  const mapBox = this.map.getContainer().getBoundingClientRect();
  const size = this.map.getSize();
  let dx = 0;
  let dy = 0;
  const chap = this.chapterCtl && this.chapterCtl.node;
  if (chap && chap.offsetParent && this.chapterControl.getPosition() === 'topleft' && this.chapterCtl.panel.isOpen()) {
    const right = chap.getBoundingClientRect().right - mapBox.left;
    if (right < size.x * 0.6) dx = right / 2;
  }
  const legend = this.layersCtl && this.layersCtl.node;
  if (dx && legend && legend.offsetParent && this.layersCtl.panel.isOpen()) {
    const left = legend.getBoundingClientRect().left - mapBox.left;
    if (left > size.x * 0.4) dx -= (size.x - left) / 2; // centre between the chapter and the legend panels
  }
  const time = this.time.node;
  if (time.offsetParent) dy = Math.max(0, mapBox.bottom - time.getBoundingClientRect().top) / 2;
  if (!dx && !dy) return latlng;
  return this.map.unproject(this.map.project(latlng, zoom).subtract([dx, -dy]), zoom);
}

/** Room taken by the controls on each side of the map, so auto-pan keeps a popup clear of them. */
export function panelPadding() {
  const size = this.map.getSize();
  const box = (node) => (node && node.offsetParent ? node.getBoundingClientRect() : null);
  const mapBox = this.map.getContainer().getBoundingClientRect();
  const pad = { left: 16, top: 16, right: 16, bottom: 16 };
  const time = box(this.time.node);
  if (time) pad.bottom = Math.max(pad.bottom, mapBox.bottom - time.top + 8);
  if (size.x >= NARROW_PX) {
    const layers = this.layersCtl.panel.isOpen() ? box(this.layersCtl.node) : null;
    if (layers) pad.right = Math.max(pad.right, mapBox.right - layers.left + 8);
    const list = this.list.panel.isOpen() ? box(this.list.node) : null;
    if (list) pad.left = Math.max(pad.left, list.right - mapBox.left + 8);
  }
  return pad;
}
