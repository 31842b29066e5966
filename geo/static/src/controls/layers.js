/**
 * controls/layers.js — the layers panel (top right; opens folded on maps narrower than PANEL_OPEN_PX, so the map is
 * the reader's): the language menu in its header (reachable when folded), one checkbox per layer with its colour
 * swatch and description, after the legend (the kinds on the map now), then the settings. Subscribes to 'day' (the
 * legend follows the date), 'layers' (ticks and legend follow the state) and 'relabel' (legend, settings too).
 * The settings (name order, online tiles) fold behind a gear button in the header.
 */

import { button, collapsible, el, svgHolder } from '../dom.js';
import { safeColor } from '../escape.js';
import { ICONS } from '../icons.js';
import { PANEL_OPEN_PX } from '../layout.js';
import { createLegend } from './legend.js';
import { createSettings } from './settings.js';

export function createLayersControl(ctx) {
  const root = el('section', 'pm-panel pm-layers');
  const toggle = button('pm-panel__toggle');
  const toggleIcon = svgHolder(ICONS.layers, 'pm-panel__icon');
  const toggleText = el('span', 'pm-panel__title');
  toggle.append(toggleIcon, toggleText, svgHolder(ICONS.chevron, 'pm-panel__chev'));
  const body = el('div', 'pm-panel__body');
  const settings = createSettings(ctx);
  // the language menu stays in the header: reachable even when the panel is folded
  const head = el('div', 'pm-panel__head');
  head.append(toggle, settings.select);
  root.append(head, body);

  const layerBox = el('fieldset', 'pm-layers__list');
  const layerLegend = el('legend', 'pm-sr');
  layerBox.append(layerLegend);
  const rows = [...ctx.payload.layers].sort((a, b) => a.order - b.order).map((def) => {
    const row = el('label', 'pm-layer');
    const input = el('input');
    input.type = 'checkbox';
    input.value = def.id;
    input.addEventListener('change', () => {
      ctx.toggleLayer(def.id, input.checked);
      ctx.bridgeNow();
    });
    const sw = el('span', 'pm-layer__swatch');
    sw.style.backgroundColor = safeColor(def.color);
    const text = el('span', 'pm-layer__text');
    row.append(input, sw, text);
    layerBox.append(row);
    return { def, row, input, text };
  });
  // a layer with nothing in view is marked (a still image leaves it out of its key: snapshot.css)
  const legend = createLegend(ctx, (now) => {
    for (const r of rows) r.row.classList.toggle('pm-layer--none', !now.layers.has(r.def.id));
  });
  // the legend first: what is on the map is what a reader needs before choosing layers
  body.append(legend.node, layerBox, ...(ctx.userLayers ? [ctx.userLayers.panelNode] : []), settings.node); // user layers' rows

  const panel = collapsible(root, toggle, body, ctx.map.getSize().x >= PANEL_OPEN_PX);
  // the settings (name order, online tiles) are rarely changed: folded behind a gear in the header
  const gear = button('pm-btn pm-layers__gear');
  gear.append(svgHolder(ICONS.gear));
  head.append(gear);
  const settingsFold = collapsible(settings.node, gear, settings.node, false);
  gear.addEventListener('click', () => {
    if (settingsFold.isOpen() && !panel.isOpen()) panel.setOpen(true);
  });

  function sync() {
    for (const r of rows) r.input.checked = ctx.state.layers.has(r.def.id);
  }

  function relabel() {
    const T = ctx.text;
    toggleText.textContent = T.t('layers');
    toggle.title = T.t('layers') + ' · ' + T.t('legend');
    layerLegend.textContent = T.t('layers');
    for (const r of rows) {
      r.text.textContent = T.pick(r.def.title);
      const d = T.pick(r.def.description);
      if (d) r.row.title = d; else r.row.removeAttribute('title');
    }
    legend.relabel();
    gear.setAttribute('aria-label', T.t('settings'));
    gear.title = T.t('settings');
    settings.relabel();
  }

  ctx.on('day', () => legend.update());
  ctx.map.on('moveend', () => legend.update()); // the legend explains what is in view
  ctx.on('layers', () => {
    sync();
    legend.update();
  });
  ctx.on('relabel', relabel);
  return { node: root, sync, relabel, panel, legend };
}
