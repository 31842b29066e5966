/**
 * controls/changed.js — the list's "what changed since the previous date" section: the same change the live
 * region speaks (live.js), with every name: "Changed since 9 November 2020 · 12 features appeared: … · 1 ended: …".
 * Hidden until the date has moved once. The list control (list.js) places it and shows it with its table.
 */

import { changePhrases } from '../changes.js';
import { el } from '../dom.js';
import { fill } from '../text.js';

export function createChangedSection(ctx) {
  const node = el('section', 'pm-changed');
  const head = el('h3', 'pm-h pm-changed__head');
  head.id = 'pm-changed-' + ctx.uid;
  node.setAttribute('aria-labelledby', head.id);
  const body = el('div', 'pm-changed__body');
  node.append(head, body);
  node.hidden = true;

  function update(change) {
    const T = ctx.text;
    node.hidden = !change;
    if (!change) return;
    node.lang = ctx.state.lang;
    head.textContent = fill(T.t('changed_since'), { date: T.dayWords(change.from) });
    const phrases = changePhrases(change, T.t, ctx.state.lang);
    if (!phrases.length) {
      body.replaceChildren(el('p', 'pm-changed__none', T.t('change_none')));
      return;
    }
    const parts = [];
    for (const p of phrases) {
      const ul = el('ul', 'pm-changed__names pm-changed__names--' + p.kind);
      ul.append(...p.items.map((it) => el('li', null, it.name)));
      parts.push(el('p', 'pm-changed__what', p.text), ul);
    }
    body.replaceChildren(...parts);
  }

  ctx.time.live.subscribe(update);
  update(ctx.time.live.last());
  return { node, update };
}
