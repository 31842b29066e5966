/**
 * userlayer/popup.js — the popup of a user feature, built on demand from the columns when it is opened: name (or
 * id), the layer's symbol and title, kind, dates (from the day numbers, whole months and years written as such),
 * description, the link (http(s) only: anything else stays text), the row in the file. Text reaches the DOM as text
 * only. Opened in the map's one popup (ctx.popup), sized and padded to stay clear of the panels like the dataset's.
 */

import { el, svgHolder } from '../dom.js';
import { safeHref } from '../escape.js';
import { fill } from '../text.js';
import { userLegendSvg } from './symbols.js';

export function buildUserPopup(ctx, ul, i) {
  const T = ctx.text;
  const root = el('div', 'pm-pop pm-pop--user');
  root.lang = ctx.state.lang;
  root.append(el('h2', 'pm-pop__title', ul.nameOf(i)));
  const meta = el('p', 'pm-pop__meta');
  meta.append(svgHolder(userLegendSvg(ul.def.symbol, ul.def.color), 'pm-pop__sym'));
  const kind = ul.model.textOf('kind', i);
  if (kind) meta.append(el('span', 'pm-pop__kind', kind));
  root.append(meta, el('p', 'pm-pop__layer', ul.def.title));
  const dl = el('dl', 'pm-pop__facts');
  const range = ul.model.range(i);
  dl.append(el('dt', null, T.t('dates')), el('dd', null, T.rangeLong(range)));
  root.append(dl);
  const desc = ul.model.textOf('description', i);
  if (desc) root.append(el('p', 'pm-pop__desc', desc));
  const url = ul.model.textOf('url', i);
  if (url) {
    const href = safeHref(url);
    const p = el('p', 'pm-pop__link');
    if (href) {
      const a = el('a', null, url);
      a.href = href;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      p.append(a);
    } else {
      p.append(el('span', 'pm-url-text', url));
    }
    root.append(p);
  }
  const where = ul.def.file ? fill(T.t('user_row'), { row: ul.model.decoded.columns.row[i], file: ul.def.file }) : null;
  if (where) root.append(el('p', 'pm-pop__srcmeta', where));
  return root;
}

/** Opens feature i of `ul` at `latlng` in the map's popup (closing any other). */
export function openUserPopup(ctx, ul, i, latlng) {
  const size = ctx.map.getSize();
  const pad = ctx.panelPadding();
  Object.assign(ctx.popup.options, {
    maxWidth: Math.min(360, size.x - 84),
    minWidth: Math.min(240, size.x - 84),
    maxHeight: Math.max(160, size.y - pad.top - pad.bottom - 40),
    autoPanPaddingTopLeft: [pad.left, pad.top],
    autoPanPaddingBottomRight: [pad.right, pad.bottom],
  });
  ctx.returnFocus = null;
  ctx.popup.setLatLng(latlng).setContent(buildUserPopup(ctx, ul, i)).openOn(ctx.map);
  ctx.popupEntry = null;
  ctx.userPopup = { ul, i };
}
