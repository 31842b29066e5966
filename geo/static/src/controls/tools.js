/**
 * controls/tools.js — the two icon buttons beside the zoom control: measure (toggle) and presentation mode
 * (toggle), with their pressed states. Subscribes to 'relabel'; measuring and presentation relabel it directly.
 */

import { button, el, svgHolder } from '../dom.js';
import { ICONS } from '../icons.js';

/** Two icon buttons beside the zoom control: measure (toggle) and presentation mode (toggle). */
export function createTools(ctx) {
  const root = el('div', 'pm-tools');
  root.setAttribute('role', 'group');
  const hint = el('span', 'pm-sr');
  hint.id = 'pm-measure-hint-' + ctx.uid;
  const measureBtn = button('pm-btn pm-tool pm-tool--measure', () => {
    if (ctx.measure.active()) ctx.measure.stop(); else ctx.measure.start();
  });
  measureBtn.append(svgHolder(ICONS.ruler));
  measureBtn.setAttribute('aria-describedby', hint.id);
  const presentBtn = button('pm-btn pm-tool pm-tool--present', () => ctx.setPresentation(!ctx.state.presenting));
  root.append(measureBtn, presentBtn, hint);

  function relabel() {
    const T = ctx.text;
    root.setAttribute('aria-label', T.t('measure') + ', ' + T.t('presentation'));
    measureBtn.setAttribute('aria-label', T.t('measure'));
    measureBtn.title = T.t('measure');
    measureBtn.setAttribute('aria-pressed', String(!!(ctx.measure && ctx.measure.active())));
    hint.textContent = T.t('measure_hint');
    const on = !!ctx.state.presenting;
    const key = on ? 'exit_presentation' : 'presentation';
    presentBtn.replaceChildren(svgHolder(on ? ICONS.unpresent : ICONS.present));
    presentBtn.setAttribute('aria-label', T.t(key));
    presentBtn.title = T.t(key);
    presentBtn.setAttribute('aria-pressed', String(on));
  }
  ctx.on('relabel', relabel);
  return { node: root, measureBtn, presentBtn, relabel };
}
