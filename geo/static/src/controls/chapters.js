/**
 * controls/chapters.js — the chapter panel (teaching): header with previous/next, the open chapter's number,
 * title, dates, text, questions and sources, and a menu of all chapters. Wide screens: top left, open; phones:
 * above the time control, folded (layout.placeChapters moves it). Opening a chapter is the controller's
 * (modes.goToChapter). Subscribes to 'relabel'.
 */

import { button, collapsible, el, svgHolder } from '../dom.js';
import { ICONS } from '../icons.js';
import { NARROW_PX } from '../layout.js';
import { sourceItem } from '../popup.js';
import { fill } from '../text.js';

/** The chapter panel; created only when the payload has chapters. */
export function createChapters(ctx) {
  const chapters = ctx.chapters;
  const total = chapters.length;
  const root = el('section', 'pm-panel pm-chap');
  const head = el('div', 'pm-panel__head pm-chap__head');
  const toggle = button('pm-panel__toggle');
  const toggleText = el('span', 'pm-panel__title');
  toggle.append(svgHolder(ICONS.book, 'pm-panel__icon'), toggleText, svgHolder(ICONS.chevron, 'pm-panel__chev'));
  const prev = button('pm-btn pm-chap__nav pm-chap__prev', () => step(-1));
  const next = button('pm-btn pm-chap__nav pm-chap__next', () => step(1));
  prev.append(svgHolder(ICONS.prev));
  next.append(svgHolder(ICONS.next));
  head.append(toggle, prev, next);

  const body = el('div', 'pm-panel__body pm-chap__body');
  const content = el('article', 'pm-chap__content');
  const count = el('p', 'pm-chap__count');
  const title = el('h2', 'pm-chap__title');
  title.id = 'pm-chap-title-' + ctx.uid;
  content.setAttribute('aria-labelledby', title.id);
  const when = el('p', 'pm-chap__when');
  const text = el('p', 'pm-chap__text');
  const qHead = el('h3', 'pm-h pm-chap__h');
  const qList = el('ol', 'pm-chap__questions');
  const sHead = el('h3', 'pm-h pm-chap__h');
  const sList = el('ol', 'pm-pop pm-chap__sources');
  content.append(count, title, when, text, qHead, qList, sHead, sList);
  const pick = el('div', 'pm-chap__pick');
  const pickLabel = el('label', 'pm-chap__picklabel');
  const select = el('select', 'pm-select pm-chap__select');
  select.id = 'pm-chap-select-' + ctx.uid;
  pickLabel.htmlFor = select.id;
  const blank = el('option');
  blank.value = '';
  blank.disabled = true;
  const options = chapters.map((ch) => {
    const o = el('option');
    o.value = String(ch.number);
    select.append(o);
    return o;
  });
  select.prepend(blank);
  select.addEventListener('change', () => {
    if (select.value) ctx.goToChapter(+select.value);
  });
  pick.append(pickLabel, select);
  body.append(content, pick);
  root.append(head, body);
  // open on wide maps when a chapter is on (goToChapter opens it too); with none chosen it stays one line, out of
  // the map's way, until the reader opens it or steps to a chapter
  const wide = ctx.map.getSize().x >= NARROW_PX;
  const panel = collapsible(root, toggle, body, wide && Number.isInteger(ctx.state.chapter), (open) => {
    if (open && ctx.list && ctx.map.getSize().x >= NARROW_PX) ctx.list.panel.setOpen(false);
    if (ctx.fitSoon) ctx.fitSoon();
  });

  function step(delta) {
    const n = ctx.state.chapter;
    const target = n === null ? (delta > 0 ? 1 : null) : n + delta;
    if (target === null || target < 1 || target > total) return;
    ctx.goToChapter(target);
  }

  function setEnabled(btn, on) {
    btn.setAttribute('aria-disabled', String(!on));
    btn.classList.toggle('pm-is-disabled', !on);
  }

  function update() {
    const T = ctx.text;
    const n = ctx.state.chapter;
    const ch = n === null ? null : chapters[n - 1];
    root.classList.toggle('pm-chap--active', !!ch);
    ctx.map.getContainer().classList.toggle('pm-chapter-on', !!ch);
    toggleText.textContent = ch ? fill(T.t('chapter_of'), { n, total }) : T.t('chapters');
    setEnabled(prev, !!ch && n > 1);
    setEnabled(next, !ch || n < total);
    select.value = ch ? String(n) : '';
    content.hidden = !ch;
    if (!ch) return;
    content.lang = ctx.state.lang;
    count.textContent = fill(T.t('chapter_of'), { n, total });
    title.textContent = T.pick(ch.title);
    when.textContent = T.dayWords(ch.day) + (Number.isInteger(ch.end) && ch.end !== ch.day ? ' – ' + T.dayWords(ch.end) : '');
    text.textContent = T.pick(ch.text);
    const qs = T.pickList(ch.questions);
    qHead.textContent = T.t('questions');
    qHead.hidden = !qs.length;
    qList.replaceChildren(...qs.map((q) => el('li', null, q)));
    const srcs = Array.isArray(ch.sources) ? ch.sources.filter((x) => x && typeof x === 'object') : [];
    sHead.textContent = T.t('sources');
    sHead.hidden = !srcs.length;
    sList.replaceChildren(...srcs.map((src) => sourceItem(src, T)));
  }

  function relabel() {
    const T = ctx.text;
    root.setAttribute('aria-label', T.t('chapters'));
    prev.setAttribute('aria-label', T.t('chapter_prev'));
    prev.title = T.t('chapter_prev') + ' ([)';
    next.setAttribute('aria-label', T.t('chapter_next'));
    next.title = T.t('chapter_next') + ' (])';
    pickLabel.textContent = T.t('chapters');
    blank.textContent = T.t('chapter_none');
    chapters.forEach((ch, i) => { options[i].textContent = ch.number + '. ' + T.pick(ch.title); });
    update();
  }

  ctx.on('relabel', relabel);
  return { node: root, panel, update, relabel, step, body };
}
