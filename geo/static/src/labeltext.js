/**
 * labeltext.js — the words of the labels and their sizes: writing a label's text (textContent only; a contested
 * pair "A / B" in two spans so it can also stand on two lines), and measuring each text and style once, in one
 * layout read for all of them, with the shorter forms the placer may use (composeForms is pure). labels.js owns
 * the elements; this module only writes their text and reads their boxes.
 */

import { el } from './dom.js';

/**
 * Writes `text` into a label record's `node` (and the label's lang). A place label's contested pair goes into two
 * `.pm-label__part` spans (rec.parts) joined by a space, so its textContent stays exactly the text.
 */
export function writeText(rec, node, text, tag) {
  if (rec.text !== text) {
    rec.text = text;
    const cut = rec.item ? text.indexOf(' / ') : -1;
    if (cut > 0) {
      rec.parts = [el('span', 'pm-label__part', text.slice(0, cut + 2)), el('span', 'pm-label__part', text.slice(cut + 3))];
      node.replaceChildren(rec.parts[0], ' ', rec.parts[1]);
    } else {
      rec.parts = null;
      node.textContent = text;
    }
  }
  if (rec.el.lang !== tag) rec.el.lang = tag;
}

/**
 * A place label's size with its second line (`sub`: a direct label's measured size, or null) and its shorter
 * forms, from the measured sizes {w, h, part} (part: the wider half of a contested pair, 0 if none), in the order
 * the placer tries them: [the pair on two lines with the second line], the name alone, the pair on two lines.
 * forms[i].wrap / .subs say how each is drawn. Pure.
 */
export function composeForms(name, sub) {
  const wrapW = name.part ? name.part + 1 : 0;
  const out = [];
  if (wrapW && sub) out.push({ w: Math.max(wrapW, sub.w), h: 2 * name.h + sub.h, wrap: true, subs: true });
  if (sub) out.push({ w: name.w, h: name.h, wrap: false, subs: false });
  if (wrapW) out.push({ w: wrapW, h: 2 * name.h, wrap: true, subs: false });
  return { w: sub ? Math.max(name.w, sub.w) : name.w, h: sub ? name.h + sub.h : name.h, forms: out };
}

/** The sizes of label records, by text and style ("class|lang|type class|text"), each measured once. */
export function createSizes() {
  const sizes = new Map();
  let stamp = '';
  let early = false;
  let gen = 0;

  const key = (rec, type) => rec.cls + '|' + rec.el.lang + '|' + type + '|' + rec.text;

  /**
   * Measures the records without a size, each alone on one line: `prepare()` first takes the second lines out.
   * `now` (language, name order, width class) unchanged since the last call: nothing is even looked at. Returns
   * whether anything was measured (then every label must be placed again).
   */
  function measure(recs, type, now, prepare) {
    const next = now + '|' + gen;
    if (next === stamp) return false;
    stamp = next;
    const todo = recs.filter((r) => !sizes.has(key(r, type)));
    if (!todo.length) return false;
    prepare();
    for (const r of todo) {
      r.el.hidden = false;
      r.el.classList.remove('pm-label--wrap');
    }
    for (const r of todo) {
      const b = r.el.getBoundingClientRect();
      const part = r.parts ? Math.max(...r.parts.map((p) => p.getBoundingClientRect().width)) : 0;
      sizes.set(key(r, type), { w: b.width, h: b.height, part });
    }
    for (const r of todo) r.el.hidden = !r.shown || !!r.entry;
    if (document.fonts && document.fonts.status !== 'loaded') early = true;
    return true;
  }

  /** A place record's size and forms with its second line (rec.subs[0], if any). */
  function formsOf(rec, type) {
    return composeForms(sizes.get(key(rec, type)), rec.subs.length ? sizes.get(key(rec.subs[0], type)) : null);
  }

  /** The fonts have loaded: if anything was measured before, forget every size (returns whether it did). */
  function fontsLoaded() {
    if (!early) return false;
    sizes.clear();
    gen += 1;
    return true;
  }

  return { measure, get: (rec, type) => sizes.get(key(rec, type)), formsOf, fontsLoaded };
}
