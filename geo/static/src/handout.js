/**
 * handout.js — the printed handout (A4 landscape, print media; geo/classroom.py write_handout calls
 * presenceMap.layoutHandout() in a viewport of the page's printable area): the open chapter beside the map on page
 * 1, fitted by measuring in the browser (type from 11 pt down to a 9 pt floor, then questions and sources onto
 * page 2, then a wider panel), and a check that no text of the handout ends outside its page or under a clip.
 * Nothing is ever cut: the last resort carries the rest of the chapter text onto page 2 with a "continued" note.
 * handoutPlans and boxProblems are pure (Node-tested); layoutHandout and handoutProblems read the DOM.
 */

import { el } from './dom.js';
import { fill } from './text.js';

/** CSS px per typographic point (96 / 72). */
export const PX_PER_PT = 4 / 3;
export const START_PT = 11;
export const FLOOR_PT = 9;
const STEP_PT = 0.5;
/** Panel widths in CSS px: the usual one, then wider ones that take room from the map only when nothing else fits. */
export const PANEL_WIDTHS = [390, 450, 520];
/** What may go to page 2, in this order (the chapter text and the map stay on page 1). */
export const MOVABLE = ['sources', 'questions'];
/** Room kept free at the bottom of page 1, above the lowest control on the left (the scale bar). */
const GAP_PX = 8;

/**
 * The layouts to try, best first: every type size from 11 pt down to 9 pt with everything on page 1; then the
 * sources on page 2, then the questions too (each again from 11 pt down); then wider panels at 9 pt; the last plan
 * splits the chapter text (page 1 keeps what fits). Each plan: {pt, width, move: [...], split}.
 */
export function handoutPlans(opts) {
  const o = opts || {};
  const start = o.startPt ?? START_PT;
  const floor = o.floorPt ?? FLOOR_PT;
  const step = o.stepPt ?? STEP_PT;
  const widths = o.widths ?? PANEL_WIDTHS;
  const sizes = [];
  for (let pt = start; pt >= floor - 1e-9; pt -= step) sizes.push(Math.round(pt * 100) / 100);
  const plans = [];
  const moves = [[]];
  for (let i = 1; i <= MOVABLE.length; i += 1) moves.push(MOVABLE.slice(0, i));
  for (const move of moves) for (const pt of sizes) plans.push({ pt, width: widths[0], move, split: false });
  const all = moves[moves.length - 1];
  for (const width of widths.slice(1)) plans.push({ pt: floor, width, move: all, split: false });
  plans.push({ pt: floor, width: widths[widths.length - 1], move: all, split: true });
  return plans;
}

/**
 * The text boxes that do not lie inside their page and their clip. `items`: [{text, rect, clip}] where rect and
 * clip are {left, top, right, bottom} in CSS px (clip: the intersection of the ancestors that clip, or null);
 * `page`: {width, height, top} (top: where the item's page starts in the layout; page 2 has no bottom since its
 * flow may go on to page 3). Half a pixel of tolerance for rounding. Returns the offending items.
 */
export function boxProblems(items, page) {
  const eps = 0.5;
  return items.filter(({ rect, clip, part }) => {
    const top = part === 2 ? page.top2 : 0;
    const bottom = part === 2 ? Infinity : page.height;
    if (rect.left < -eps || rect.right > page.width + eps || rect.top < top - eps || rect.bottom > bottom + eps) return true;
    if (!clip) return false;
    return rect.left < clip.left - eps || rect.right > clip.right + eps || rect.top < clip.top - eps ||
      rect.bottom > clip.bottom + eps;
  });
}

/** A number of words of `words` that fits (the largest n with fits(n) true; 0 if none), by bisection. */
export function largestFitting(count, fits) {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function parts(ctx) {
  const node = ctx.chapterCtl.node;
  const q = node.querySelector('.pm-chap__questions');
  const s = node.querySelector('.pm-chap__sources');
  return {
    content: node.querySelector('.pm-chap__content'),
    text: node.querySelector('.pm-chap__text'),
    questions: [q.previousElementSibling, q],
    sources: [s.previousElementSibling, s],
  };
}

/** Page 2 (made once): the chapter's number and title, then what did not fit beside the map. */
function pageTwo(ctx) {
  if (ctx.handoutMore) return ctx.handoutMore;
  const box = el('section', 'pm-root pm-handout-more');
  const head = el('header', 'pm-handout-more__head');
  const count = el('p', 'pm-handout-more__count');
  const title = el('h2', 'pm-handout-more__title');
  const rest = el('p', 'pm-chap__text pm-handout-more__rest');
  const body = el('div', 'pm-handout-more__body');
  head.append(count, title);
  box.append(head, rest, body);
  ctx.map.getContainer().after(box);
  ctx.handoutMore = { box, count, title, rest, body };
  return ctx.handoutMore;
}

function lowestLeftTop(ctx) {
  // the bottom-left controls (the scale bar) and the map's bottom edge: the panel must end above both
  const mapBox = ctx.map.getContainer().getBoundingClientRect();
  let limit = mapBox.bottom;
  for (const c of ctx.map.getContainer().querySelectorAll('.leaflet-bottom.leaflet-left .leaflet-control')) {
    const r = c.getBoundingClientRect();
    if (r.height) limit = Math.min(limit, r.top);
  }
  return limit - GAP_PX;
}

function apply(ctx, plan, p, more) {
  const root = ctx.map.getContainer();
  root.style.setProperty('--pm-ho-size', (plan.pt * PX_PER_PT).toFixed(2) + 'px');
  root.style.setProperty('--pm-ho-width', plan.width + 'px');
  for (const key of MOVABLE) {
    const target = plan.move.includes(key) ? more.body : p.content;
    for (const n of p[key]) target.append(n);
  }
  // keep the chapter's order: questions before sources, wherever they are
  for (const key of ['questions', 'sources']) for (const n of p[key]) n.parentNode.append(n);
}

/**
 * Lays the open chapter out for print (call in print media, in a viewport of the printed area, after
 * goToChapter): the first plan of handoutPlans that fits. Returns {pt, width, moved, split, pages, problems}
 * (also kept in the map's data-pm-handout): pages is 1 or 1 + the pages page 2's flow takes. Throws an Error that
 * names the texts when any text box would end outside its page or under a clip (handoutProblems): never printed.
 */
export function layoutHandout(ctx) {
  if (!ctx.chapterCtl || ctx.state.chapter === null) throw new Error('presenceMap.layoutHandout: no chapter is open');
  const T = ctx.text;
  const ch = ctx.chapters[ctx.state.chapter - 1];
  const root = ctx.map.getContainer();
  document.documentElement.classList.add('pm-handout-doc');
  root.classList.add('pm-handout');
  const p = parts(ctx);
  const more = pageTwo(ctx);
  more.box.lang = ctx.state.lang;
  more.count.textContent = fill(T.t('chapter_of'), { n: ctx.state.chapter, total: ctx.chapters.length });
  more.title.textContent = T.pick(ch.title);
  const fullText = T.pick(ch.text);
  p.text.textContent = fullText;
  more.rest.textContent = '';
  const panel = ctx.chapterCtl.node;
  const fits = () => panel.getBoundingClientRect().bottom <= lowestLeftTop(ctx);
  let chosen = null;
  for (const plan of handoutPlans()) {
    apply(ctx, plan, p, more);
    if (plan.split) {
      // the last resort: page 1 keeps the words that fit, page 2 carries on ("… continued")
      const words = fullText.split(/\s+/);
      const n = largestFitting(words.length, (k) => {
        p.text.textContent = words.slice(0, k).join(' ') + ' …';
        return fits();
      });
      p.text.textContent = words.slice(0, n).join(' ') + (n < words.length ? ' …' : '');
      more.rest.textContent = n < words.length ? '… ' + words.slice(n).join(' ') : '';
      chosen = plan;
      break;
    }
    if (fits()) {
      chosen = plan;
      break;
    }
  }
  const hasMore = chosen.move.length > 0 && more.body.textContent.trim() !== '' || more.rest.textContent !== '';
  more.box.hidden = !hasMore;
  more.rest.hidden = !more.rest.textContent;
  root.classList.toggle('pm-handout--two', hasMore);
  const pageH = root.getBoundingClientRect().height;
  const pages = hasMore ? 1 + Math.max(1, Math.ceil((more.box.getBoundingClientRect().height - 0.5) / pageH)) : 1;
  const layout = { pt: chosen.pt, width: chosen.width, moved: hasMore ? chosen.move : [], split: chosen.split, pages,
    problems: handoutProblems(ctx) };
  root.dataset.pmHandout = JSON.stringify(layout);
  if (layout.problems.length) {
    const cut = layout.problems.slice(0, 3).map((p) => JSON.stringify(p.text) + ' at ' + JSON.stringify(p.rect));
    throw new Error('presenceMap.layoutHandout: chapter ' + ctx.state.chapter + ' (' + ctx.state.lang + ') would cut ' +
      layout.problems.length + ' text(s): ' + cut.join('; '));
  }
  return layout;
}

function clipOf(node, stop) {
  let clip = null;
  for (let a = node.parentElement; a && a !== stop.parentElement; a = a.parentElement) {
    const cs = window.getComputedStyle(a);
    if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
    const r = a.getBoundingClientRect();
    clip = clip ? { left: Math.max(clip.left, r.left), top: Math.max(clip.top, r.top),
      right: Math.min(clip.right, r.right), bottom: Math.min(clip.bottom, r.bottom) } : r;
  }
  return clip;
}

/**
 * Every rendered text of the handout (the controls on page 1: chapter, legend, date, credit; and page 2) whose
 * box ends outside its page or its clip: [{text, rect}] (empty when the print keeps every word).
 */
export function handoutProblems(ctx) {
  const root = ctx.map.getContainer();
  const rootBox = root.getBoundingClientRect();
  const items = [];
  const scopes = [[root.querySelector('.leaflet-control-container'), 1]];
  if (ctx.handoutMore && !ctx.handoutMore.box.hidden) scopes.push([ctx.handoutMore.box, 2]);
  for (const [scope, part] of scopes) {
    if (!scope) continue;
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      // blank, or screen-reader-only by design (visually hidden, in the tagged PDF's structure)
      if (!t.nodeValue.trim() || t.parentElement.closest('.pm-sr')) continue;
      const range = document.createRange();
      range.selectNodeContents(t);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) continue; // not rendered (display: none in print)
      const clip = clipOf(t, scope);
      for (const r of rects) {
        const rect = { left: r.left - rootBox.left, top: r.top - rootBox.top, right: r.right - rootBox.left,
          bottom: r.bottom - rootBox.top };
        const c = clip && { left: clip.left - rootBox.left, top: clip.top - rootBox.top,
          right: clip.right - rootBox.left, bottom: clip.bottom - rootBox.top };
        items.push({ text: t.nodeValue.trim().slice(0, 80), rect, clip: c, part });
      }
    }
  }
  const page = { width: rootBox.width, height: rootBox.height, top2: rootBox.height };
  return boxProblems(items, page).map(({ text, rect }) => ({ text, rect }));
}
