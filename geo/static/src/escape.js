/**
 * escape.js — the three gates between payload text and markup: escapeHtml (for the few Leaflet APIs that insert
 * HTML: attribution), safeHref (only absolute http(s) URLs become links) and safeColor (only "#rrggbb" reaches SVG
 * markup or a style). Everything else reaches the DOM through textContent / setAttribute. Pure.
 */

export const FALLBACK_COLOR = '#555555';
const COLOR_RE = /^#[0-9a-fA-F]{6}$/;

/** The colour if it is exactly "#rrggbb", else the neutral fallback. */
export function safeColor(value) {
  return typeof value === 'string' && COLOR_RE.test(value) ? value : FALLBACK_COLOR;
}

/** Returns the URL if it is an absolute http(s) URL (normalised by the URL parser), else null. */
export function safeHref(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch (err) {
    return null;
  }
}

/** Escapes text for the few Leaflet APIs that insert HTML (attribution). */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => (
    { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
