/**
 * controls/settings.js — the settings in the layers panel: the language menu (placed in the panel header), "swap
 * contested names", and the optional online tiles (only when the document was built with a tile URL). Relabelled
 * by the layers panel.
 */

import { el } from '../dom.js';

export function createSettings(ctx) {
  const node = el('div', 'pm-settings');
  const select = el('select', 'pm-select');
  for (const l of ctx.payload.languages || []) {
    const opt = el('option', null, l.label);
    opt.value = l.code;
    opt.lang = l.code;
    select.append(opt);
  }
  select.addEventListener('change', () => {
    ctx.setLanguage(select.value);
    ctx.bridgeNow();
  });
  const swap = checkRow('pm-settings__swap', (on) => {
    ctx.setSwap(on);
    ctx.bridgeNow();
  });
  node.append(swap.row);
  let tiles = null;
  const tilesOpt = ctx.payload.options && ctx.payload.options.tiles;
  if (tilesOpt && typeof tilesOpt.url === 'string') {
    tiles = checkRow('pm-settings__tiles', (on) => ctx.setTiles(on));
    node.append(tiles.row);
  }
  function relabel() {
    select.setAttribute('aria-label', ctx.text.t('language'));
    select.title = ctx.text.t('language');
    select.value = ctx.state.lang;
    swap.text.textContent = ctx.text.t('swap_names');
    swap.input.checked = ctx.state.swap;
    if (tiles) tiles.text.textContent = ctx.text.t('online_tiles');
  }
  return { node, select, relabel };
}

function checkRow(className, onChange) {
  const row = el('label', 'pm-check ' + className);
  const input = el('input');
  input.type = 'checkbox';
  input.addEventListener('change', () => onChange(input.checked));
  const text = el('span');
  row.append(input, text);
  return { row, input, text };
}
