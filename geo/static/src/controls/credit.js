/**
 * controls/credit.js — the credit line (dataset title, version, data-as-of date, basemap credit) in Leaflet's
 * attribution control. Subscribes to 'relabel'.
 */

/* global L */

import { escapeHtml } from '../escape.js';
import { fill } from '../text.js';

/** "Data: {title} v{version}, data as of … · Basemap: …" in the current language (plain text). */
export function creditText(ctx) {
  const T = ctx.text;
  const ds = ctx.payload.dataset || {};
  const asOf = ds.data_as_of ? T.withDate('data_as_of', T.partialWords(ds.data_as_of)) : '';
  const vars = { title: ds.title || '', version: ds.version || '', as_of: asOf, date: asOf,
    credit: ds.basemap_credit || '' };
  // "Data: {title} v{version}" (+ ", data as of …" unless the template places it itself)
  const dataTpl = T.t('credit_data');
  let data = /\{title\}/.test(dataTpl) ? fill(dataTpl, vars) : dataTpl.trim() + ' ' + vars.title + ' v' + vars.version;
  if (asOf && !/\{(as_of|date)\}/.test(dataTpl)) data += ', ' + asOf;
  // "Basemap: Made with Natural Earth" is complete; a bare "Basemap:" gets the dataset's basemap credit
  const bmTpl = T.t('credit_basemap');
  const basemap = /\{credit\}/.test(bmTpl) ? fill(bmTpl, vars)
    : /[:：]\s*$/.test(bmTpl) ? bmTpl.trim() + ' ' + vars.credit : bmTpl;
  // place labels (labels.js): their positions' sources (GeoNames is CC BY 4.0: credited wherever it is shown)
  const places = ctx.payload.places && typeof ctx.payload.places.credit === 'string' ? ctx.payload.places.credit : '';
  return data + ' · ' + basemap + (places ? ' · ' + places : '');
}

/** The credit line in Leaflet's attribution control (which inserts HTML: the text is escaped first). */
export function createCredit(ctx) {
  let control = ctx.map.attributionControl;
  if (!control) control = L.control.attribution().addTo(ctx.map);
  let current = null;
  function relabel() {
    const html = '<span class="pm-credit">' + escapeHtml(creditText(ctx)) + '</span>';
    if (current) control.removeAttribution(current);
    control.addAttribution(html);
    current = html;
  }
  ctx.on('relabel', relabel);
  return { relabel };
}
