/**
 * leaders.js — the leader line of a direct label the placer set a little away from its crowded feature
 * (placer.js `leader`): a thin line in the label's ink from the label to a point of the feature, with a halo of the
 * land colour (css/labels.css .pm-leader). One element per label, made when first needed, kept hidden otherwise.
 * Coordinates: the placer's container pixels; `off` moves them into the labels pane's layer pixels.
 */

/**
 * Shows `rec`'s leader along `line` ([x0, y0, x1, y1], container px; off: {x, y} to layer px) in `layer`, or hides
 * it (line null). The element is rec.lead.
 */
export function setLeader(rec, line, off, layer) {
  if (!line) {
    if (rec.lead && !rec.lead.hidden) rec.lead.hidden = true;
    return;
  }
  if (!rec.lead) {
    rec.lead = document.createElement('div');
    rec.lead.className = 'pm-leader';
    rec.lead.style.color = rec.el.style.color;
    layer.append(rec.lead);
  }
  const [x0, y0, x1, y1] = line;
  const s = rec.lead.style;
  s.left = Math.round(x0 + off.x) + 'px';
  s.top = Math.round(y0 + off.y) + 'px';
  s.width = Math.hypot(x1 - x0, y1 - y0).toFixed(1) + 'px';
  s.transform = 'rotate(' + Math.atan2(y1 - y0, x1 - x0).toFixed(4) + 'rad)';
  rec.lead.hidden = false;
}
