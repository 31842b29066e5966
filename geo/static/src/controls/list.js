/**
 * controls/list.js — the text alternative (top left, folded): a table of what is on the map on the current day
 * (name, kind, dates, layer), rows sorted by layer, start and name in the current language; a row opens the
 * feature's popup. Rows are built after the first frame (or when opened earlier); each row is shown or hidden by
 * the time filter. Above the table: what changed since the previous date (controls/changed.js). Subscribes to 'day',
 * 'layers' and 'relabel'. Below the table, the places named on the map in the current view (labels.js calls
 * setPlaces after each layout), so a screen-reader user hears what a sighted reader reads.
 */

import { button, collapsible, el, setHidden, setText, svgHolder } from '../dom.js';
import { createChangedSection } from './changed.js';
import { ICONS } from '../icons.js';
import { NARROW_PX } from '../layout.js';
import { legendSvgColored } from '../symbols.js';
import { fill } from '../text.js';

export function createListControl(ctx) {
  const root = el('section', 'pm-panel pm-list');
  const toggle = button('pm-panel__toggle');
  const toggleText = el('span', 'pm-panel__title');
  const count = el('span', 'pm-list__count');
  toggle.append(svgHolder(ICONS.list, 'pm-panel__icon'), toggleText, count);
  const body = el('div', 'pm-panel__body');
  const table = el('table', 'pm-table');
  const caption = el('caption', 'pm-table__caption');
  const thead = el('thead');
  const headRow = el('tr');
  const heads = ['col_name', 'col_kind', 'col_dates', 'col_layer'].map((key) => {
    const th = el('th');
    th.scope = 'col';
    headRow.append(th);
    return { th, key };
  });
  thead.append(headRow);
  const tbody = el('tbody');
  table.append(caption, thead, tbody);
  const empty = el('p', 'pm-list__empty');
  const changed = createChangedSection(ctx); // what changed since the previous date (live.js)
  // --- places named on the map (labels.js) ---
  const places = el('p', 'pm-list__places');
  const placesHead = el('strong', 'pm-list__places-head');
  const placesText = el('span', 'pm-list__places-text');
  places.append(placesHead, ' ', placesText);
  let placeNames = [];
  function setPlaces(names) {
    placeNames = names.slice();
    const text = placeNames.length ? placeNames.join(', ') : ctx.text.t('places_on_map_none');
    setText(placesText, text);
  }
  // --- end places ---
  body.append(changed.node, table, ...(ctx.userLayers ? [ctx.userLayers.listNode] : []), empty, places); // user layers' tables
  root.append(toggle, body);
  // the rows (the panel starts folded) are built after the first frame, or when the list is opened before that
  let rows = null;
  const panel = collapsible(root, toggle, body, false, (open) => {
    if (open) ensureRows();
    if (open && ctx.userLayers) ctx.userLayers.updateList(); // user layers: built while the list is open
    toggleText.textContent = ctx.text.t(open ? 'hide_list' : 'show_list');
    // wide screens: the list and the chapter share the left column; one of them at a time
    if (open && ctx.chapterCtl && ctx.map.getSize().x >= NARROW_PX) ctx.chapterCtl.panel.setOpen(false);
    ctx.fitSoon();
  });

  function update(day) {
    let n = 0;
    for (const en of ctx.entries) if (en.on) n += 1;
    const user = ctx.userLayers ? ctx.userLayers.listCount() : 0; // user layers' features on the map
    setText(caption, fill(ctx.text.t('on_map_title'), { date: ctx.text.dayWords(day) }));
    setText(count, n + user);
    setHidden(empty, n + user > 0);
    setHidden(table, n === 0);
  }

  /** Relabels the rows and puts them in order (by layer, start, name in the current language). */
  function relabelRows() {
    const T = ctx.text;
    for (const r of rows) r.relabel();
    rows.sort((a, b) => a.entry.order - b.entry.order || a.entry.s - b.entry.s ||
      T.compare(T.name(a.entry.f), T.name(b.entry.f)));
    tbody.replaceChildren(...rows.map((r) => r.tr));
  }

  /** Builds the table rows (once), each shown when its feature is on the map. */
  function ensureRows() {
    if (rows) return;
    rows = ctx.entries.map((entry) => makeRow(entry, ctx));
    relabelRows();
  }

  function relabel() {
    const T = ctx.text;
    for (const h of heads) h.th.textContent = T.t(h.key);
    toggleText.textContent = T.t(panel.isOpen() ? 'hide_list' : 'show_list');
    empty.textContent = T.t('on_map_empty');
    placesHead.textContent = T.t('places_on_map');
    setPlaces(placeNames);
    if (rows) relabelRows();
    update(ctx.state.day);
  }

  ctx.on('day', update);
  ctx.on('layers', () => update(ctx.state.day));
  ctx.on('relabel', relabel);
  return { node: root, update, relabel, panel, body, ensureRows, setPlaces };
}

function makeRow(entry, ctx) {
  const tr = el('tr', 'pm-row');
  tr.hidden = !entry.on;
  const nameCell = el('th');
  nameCell.scope = 'row';
  const nameBtn = button('pm-linkbtn');
  const sym = svgHolder(legendSvgColored(entry.f.kind, entry.color), 'pm-row__sym');
  const nameText = el('span');
  nameBtn.append(sym, nameText);
  nameCell.append(nameBtn);
  const kind = el('td');
  const dates = el('td');
  const layer = el('td');
  tr.append(nameCell, kind, dates, layer);
  tr.addEventListener('click', () => ctx.openFeature(entry));
  entry.row = tr;
  function relabel() {
    const T = ctx.text;
    nameText.textContent = T.name(entry.f);
    kind.textContent = T.kind(entry.f.kind);
    dates.textContent = T.rangeShort(entry.f);
    layer.textContent = T.layerTitle(entry.f.layer);
  }
  return { tr, entry, relabel };
}
