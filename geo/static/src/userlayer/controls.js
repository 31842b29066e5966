/**
 * userlayer/controls.js — the user layers' parts of the panels: a checkbox row per layer in the layers panel (its
 * symbol in its colour, title, how many are on the map), a legend line per layer that has features on the map, and
 * the text alternative: per layer, the first LIST_MAX features on the map in a table (name, kind, dates; a row opens
 * the popup) with the count. The list is built only while its panel is open. Text through textContent only.
 */

import { button, el, setHidden, setText, svgHolder } from '../dom.js';
import { fill } from '../text.js';
import { userLegendSvg } from './symbols.js';

export const LIST_MAX = 500;

/** The layers panel's fieldset of user layers; hidden while there are none. */
export function createUserPanel(ctx, manager) {
  const node = el('fieldset', 'pm-layers__list pm-user-layers');
  const legend = el('legend', 'pm-h pm-user-layers__h');
  node.append(legend);
  node.hidden = true;
  const rows = new Map();

  function row(ul) {
    const label = el('label', 'pm-layer pm-layer--user');
    const input = el('input');
    input.type = 'checkbox';
    input.value = ul.def.id;
    input.addEventListener('change', () => manager.setVisible(ul.def.id, input.checked));
    const text = el('span', 'pm-layer__text', ul.def.title);
    const count = el('span', 'pm-layer__count');
    label.append(input, svgHolder(userLegendSvg(ul.def.symbol, ul.def.color), 'pm-layer__sym'), text, count);
    return { label, input, count };
  }

  function update() {
    const T = ctx.text;
    setText(legend, T.t('user_layers'));
    const seen = new Set();
    for (const ul of manager.layers()) {
      seen.add(ul.def.id);
      let r = rows.get(ul.def.id);
      if (!r) {
        r = row(ul);
        rows.set(ul.def.id, r);
        node.append(r.label);
      }
      if (r.input.checked !== ul.visible) r.input.checked = ul.visible;
      setText(r.count, ul.failed ? T.t('user_layer_failed') : ul.model ? T.number(ul.model.active(), 0) : '…');
    }
    for (const [id, r] of rows) if (!seen.has(id)) { r.label.remove(); rows.delete(id); }
    setHidden(node, rows.size === 0);
  }

  return { node, update };
}

/** Legend lines of the user layers with features on the map (visible layers only). */
export function createUserLegend(ctx, manager) {
  const node = el('ul', 'pm-legend__list pm-legend__list--user');
  const items = new Map();

  function update() {
    const T = ctx.text;
    const seen = new Set();
    for (const ul of manager.layers()) {
      seen.add(ul.def.id);
      let it = items.get(ul.def.id);
      if (!it) {
        const li = el('li', 'pm-legend__item pm-legend__item--wide pm-legend__item--user');
        const label = el('span');
        li.append(svgHolder(userLegendSvg(ul.def.symbol, ul.def.color), 'pm-legend__sym'), label);
        node.append(li);
        it = { li, label };
        items.set(ul.def.id, it);
      }
      const n = ul.model && ul.visible ? ul.model.active() : 0;
      setHidden(it.li, n === 0);
      setText(it.label, ul.def.title + ' (' + fill(T.t('user_count'), { count: T.number(n, 0) }) + ')');
    }
    for (const [id, it] of items) if (!seen.has(id)) { it.li.remove(); items.delete(id); }
    setHidden(node, ![...items.values()].some((it) => !it.li.hidden));
  }

  return { node, update };
}

/** The text alternative's section of the user layers: one captioned table per visible layer, first LIST_MAX rows. */
export function createUserList(ctx, manager) {
  const node = el('div', 'pm-user-list');

  function table(ul) {
    const T = ctx.text;
    const n = ul.model.active();
    const shown = ul.model.firstActive(LIST_MAX);
    const t = el('table', 'pm-table pm-table--user');
    const caption = el('caption', 'pm-table__caption');
    caption.append(svgHolder(userLegendSvg(ul.def.symbol, ul.def.color), 'pm-row__sym'),
      el('span', null, ul.def.title + ': ' + fill(T.t('user_count'), { count: T.number(n, 0) })));
    if (n > shown.length) {
      caption.append(el('span', 'pm-table__more',
        ' ' + fill(T.t('user_list_more'), { shown: T.number(shown.length, 0), count: T.number(n, 0) })));
    }
    const head = el('tr');
    for (const key of ['col_name', 'col_kind', 'col_dates']) {
      const th = el('th', null, T.t(key));
      th.scope = 'col';
      head.append(th);
    }
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    for (const i of shown) {
      const tr = el('tr', 'pm-row');
      const th = el('th');
      th.scope = 'row';
      const b = button('pm-linkbtn', () => manager.openFromList(ul, i, b));
      b.append(el('span', null, ul.nameOf(i)));
      th.append(b);
      tr.append(th, el('td', null, ul.model.textOf('kind', i) || ''), el('td', null, T.rangeShort(ul.model.range(i))));
      tbody.append(tr);
    }
    t.append(caption, thead, tbody);
    return t;
  }

  /** Rebuilds the tables (call only while the list is open: it costs up to LIST_MAX rows a layer). */
  function update() {
    const tables = [];
    for (const ul of manager.layers()) if (ul.model && ul.visible && ul.model.active() > 0) tables.push(table(ul));
    node.replaceChildren(...tables);
  }

  /** How many user features the list counts as on the map. */
  function count() {
    let n = 0;
    for (const ul of manager.layers()) if (ul.model && ul.visible) n += ul.model.active();
    return n;
  }

  return { node, update, count };
}
