/**
 * headline.js — the newsroom frame of an exported map (payload.headline; the app has none): the title and
 * subtitle top left (`.pm-headline--top`, only when given), and the footer above the source line
 * (`.pm-headline--foot`, always): the notes and "Situation on [slider date]; data as of [date]." ("Map: [byline]"
 * opens the source line: controls/credit.js).
 * Both carry `.pm-headline` (place labels treat it as an obstacle). Text only through textContent. Subscribes to
 * 'day' (the date follows the slider: one text write per step) and 'relabel'.
 */

import { el } from './dom.js';
import { fill } from './text.js';

/** The footer's situation sentence for `day` (a day number) in the current language. */
export function situationText(T, day, dataAsOf) {
  const tpl = T.t('situation_on');
  if (!dataAsOf || tpl === 'situation_on') return T.dayWords(day) + (dataAsOf ? ' · ' + T.partialWords(dataAsOf) : '');
  return fill(tpl, { date: T.dayWords(day), as_of: T.partialWords(dataAsOf) });
}

/** The footer's text: the notes, then the situation sentence (plain text). */
export function footText(T, headline, day, dataAsOf) {
  const notes = headline.notes ? String(headline.notes).trim() : '';
  const situation = situationText(T, day, dataAsOf);
  return notes ? notes + (/[.!?…:;)]$/.test(notes) ? ' ' : '. ') + situation : situation;
}

/** "Map: {byline}" in the current language, or '' without a byline. */
export function bylineText(T, headline) {
  if (!headline || !headline.byline) return '';
  const tpl = T.t('map_byline');
  return tpl === 'map_byline' ? String(headline.byline) : fill(tpl, { byline: String(headline.byline) });
}

/** Builds the headline block (or null when the payload has none): {top, foot, relabel, update}. */
export function createHeadline(ctx) {
  const head = ctx.payload.headline;
  if (!head || typeof head !== 'object') return null;
  const asOf = (ctx.payload.dataset || {}).data_as_of || null;
  let top = null;
  if (head.title || head.subtitle) {
    top = el('header', 'pm-headline pm-headline--top');
    if (head.title) top.append(el('h1', 'pm-headline__title', head.title));
    if (head.subtitle) top.append(el('p', 'pm-headline__subtitle', head.subtitle));
  }
  const foot = el('footer', 'pm-headline pm-headline--foot');
  const notes = el('p', 'pm-headline__notes');
  foot.append(notes);
  let shown = '';

  function update(day) {
    const text = footText(ctx.text, head, day, asOf);
    if (text === shown) return; // nothing to write: the slider's step stays cheap
    shown = text;
    notes.textContent = text;
  }

  function relabel() {
    shown = '';
    update(ctx.state.day);
  }

  ctx.on('day', update);
  ctx.on('relabel', relabel);
  return { top, foot, update, relabel };
}
