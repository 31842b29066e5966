/**
 * dom.js — building blocks of the controls: elements with text (textContent only), static SVG markup parsed once
 * and cloned, buttons, collapsible panels, Leaflet controls around a node, and the page-wide id counter (ids of
 * panels and of each mounted map). DOM and Leaflet (the page's global L) are used only when a function is called.
 */

/* global L */

let uid = 0;

/** The next page-wide id number (panel bodies and maps share one counter, so every id is unique). */
export function nextUid() {
  uid += 1;
  return uid;
}

/** A new element with an optional class and text (set as textContent: never parsed as markup). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/**
 * Sets a node's text (textContent) and hidden flag only when they differ: a date step rewrites many counts and
 * words, and an unchanged write still costs the page a style and layout pass.
 */
export function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

export function setHidden(node, hidden) {
  if (node.hidden !== !!hidden) node.hidden = !!hidden;
}

// parsed SVG markup by string: parsing the same symbol once and cloning it is much cheaper than innerHTML per use
const svgParsed = new Map();

function parsedSvg(markup) {
  let proto = svgParsed.get(markup);
  if (!proto) {
    proto = document.createElement('span');
    proto.innerHTML = markup; // eslint-disable-line no-unsanitized/property -- constant markup
    svgParsed.set(markup, proto);
  }
  return proto;
}

/** An element holding a static SVG string (constants + a validated colour only, never payload text). */
export function svgHolder(markup, className) {
  const span = el('span', className);
  span.setAttribute('aria-hidden', 'true');
  for (const child of parsedSvg(markup).childNodes) span.appendChild(child.cloneNode(true));
  return span;
}

/** A fresh copy of a static SVG string's single root element (for a marker icon). */
export function svgElement(markup) {
  return parsedSvg(markup).firstElementChild.cloneNode(true);
}

/** A Leaflet control at `position` whose content is `node` (clicks and wheel stay in it). */
export function makeControl(position, node) {
  const Ctl = L.Control.extend({ onAdd: () => node });
  L.DomEvent.disableClickPropagation(node);
  L.DomEvent.disableScrollPropagation(node);
  return new Ctl({ position });
}

/** A type=button element, with an optional click handler. */
export function button(className, onClick) {
  const b = el('button', className);
  b.type = 'button';
  if (onClick) b.addEventListener('click', onClick);
  return b;
}

/** A header button that shows/hides a body; returns {toggle, setOpen, isOpen}. */
export function collapsible(root, toggle, body, open, onChange) {
  let isOpen = open;
  const id = 'pm-body-' + nextUid();
  body.id = id;
  toggle.setAttribute('aria-controls', id);
  function setOpen(v) {
    isOpen = !!v;
    body.hidden = !isOpen;
    toggle.setAttribute('aria-expanded', String(isOpen));
    root.classList.toggle('pm-is-open', isOpen);
    if (onChange) onChange(isOpen);
  }
  toggle.addEventListener('click', () => setOpen(!isOpen));
  setOpen(open);
  return { setOpen, isOpen: () => isOpen };
}
