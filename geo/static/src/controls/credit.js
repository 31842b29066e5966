/**
 * controls/credit.js — the source line in Leaflet's attribution control: "Map: {byline} · Data: {title} v{version}
 * from {credit}; Natural Earth; GeoNames (CC BY 4.0)" (the byline only when the export has one), plus the
 * data-as-of date when no headline footer says it, and
 * the prefix "Leaflet" as plain text (no flag: the map is meant to be read in five countries). Subscribes to
 * 'relabel'.
 */

/* global L */

import { escapeHtml } from '../escape.js';
import { bylineText } from '../headline.js';
import { fill } from '../text.js';

/** The source line in the current language (plain text). `withDate`: append "data as of …". */
export function creditText(ctx, withDate) {
  const T = ctx.text;
  const ds = ctx.payload.dataset || {};
  const asOf = ds.data_as_of ? T.withDate('data_as_of', T.partialWords(ds.data_as_of)) : '';
  const others = Array.isArray(ds.reference_credits) && ds.reference_credits.length
    ? ds.reference_credits.map(String).join('; ') : 'Natural Earth';
  const vars = { title: ds.title || '', version: ds.version || '', credit: ds.credit || '', others, as_of: asOf,
    date: asOf };
  const tpl = T.t('credit_source');
  let line;
  if (tpl !== 'credit_source') {
    line = fill(ds.credit ? tpl : tpl.replace(/\s*(from|\()?\s*\{credit\}\)?/, ''), vars);
  } else {
    // an older strings table: "Data: {title} v{version}" · "Basemap: Made with Natural Earth"
    const dataTpl = T.t('credit_data');
    line = /\{title\}/.test(dataTpl) ? fill(dataTpl, vars) : dataTpl.trim() + ' ' + vars.title + ' v' + vars.version;
    line += '; ' + others;
  }
  if (withDate && asOf && !/\{(as_of|date)\}/.test(tpl)) line += ', ' + asOf;
  const by = bylineText(T, ctx.payload.headline);
  return by ? by + ' · ' + line : line;
}

/** The source line in Leaflet's attribution control (which inserts HTML: the text is escaped first). */
export function createCredit(ctx) {
  let control = ctx.map.attributionControl;
  if (!control) control = L.control.attribution().addTo(ctx.map);
  control.setPrefix('Leaflet'); // plain text: no link, no flag icon
  const footer = !!ctx.payload.headline; // the headline footer says "data as of" itself
  let current = null;
  function relabel() {
    const html = '<span class="pm-credit">' + escapeHtml(creditText(ctx, !footer)) + '</span>';
    if (current) control.removeAttribution(current);
    control.addAttribution(html);
    current = html;
  }
  ctx.on('relabel', relabel);
  return { relabel };
}
