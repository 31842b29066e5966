/**
 * reference.js — the quiet context under the data: lakes, rivers, main roads and railways from payload.reference
 * (Natural Earth, geo/data/README.md "Reference layers"; GeoJSON (lon, lat), EPSG:4326). Drawn in a pane of their
 * own (above the basemap, below the presence areas and lines), never interactive, never in the tab order; each
 * feature only from its `min_zoom`. Their names are place labels (labels.js). referenceStyles is pure.
 */

/* global L */

/** Drawing order within the pane: water first, then roads, then railways on top. */
export const REFERENCE_ORDER = Object.freeze(['lake', 'river', 'road', 'railway']);

const WATER = '#8fb9d9';
const WATER_FILL = '#cfe2ee';
const ROAD = '#c9c2b6';
const RAIL = '#8d877e';

/**
 * The Leaflet path styles of a reference feature at a zoom: one or two strokes (a railway is a thin line with
 * ticks, a road a hairline widening with zoom). Every style is non-interactive.
 */
export function referenceStyles(props, zoom) {
  const z = Number.isFinite(zoom) ? zoom : 7;
  const base = { interactive: false, lineCap: 'round', lineJoin: 'round', fill: false, className: 'pm-ref pm-ref--' + props.kind };
  switch (props.kind) {
    case 'lake':
      return [Object.assign({}, base, { stroke: true, color: WATER, weight: 0.6, fill: true, fillColor: WATER_FILL, fillOpacity: 1 })];
    case 'river':
      return [Object.assign({}, base, { color: WATER, weight: z >= 9 ? 1.6 : z >= 7.5 ? 1.2 : 0.9, opacity: 1 })];
    case 'road': {
      const w = props.class === 'major' ? 1.1 : props.class === 'minor' ? 0.6 : 0.8;
      return [Object.assign({}, base, { color: ROAD, weight: z >= 9 ? w + 0.5 : w, opacity: 1 })];
    }
    case 'railway': {
      const line = Object.assign({}, base, { color: RAIL, weight: 0.9, opacity: 1, lineCap: 'butt' });
      const ticks = Object.assign({}, base, { color: RAIL, weight: 4, opacity: 1, lineCap: 'butt', dashArray: '1 7',
        className: base.className + ' pm-ref--ticks' });
      return z >= 8 ? [line, ticks] : [line];
    }
    default:
      return [];
  }
}

/** Whether a reference feature is drawn at a zoom (its `min_zoom`, default 0). */
export function referenceVisible(props, zoom) {
  return !(Number.isFinite(props.min_zoom) && zoom < props.min_zoom - 1e-9);
}

/**
 * Draws payload.reference into the 'pm-reference' pane and keeps it in step with the zoom (features added from
 * their min_zoom, strokes restyled). Returns {update} (called on zoomend), or null without reference data.
 */
export function drawReference(ctx) {
  const { map, payload } = ctx;
  const ref = payload.reference;
  if (!ref || !Array.isArray(ref.features) || !ref.features.length) return null;
  let pane = map.getPane('pm-reference');
  if (!pane) {
    pane = map.createPane('pm-reference');
    pane.style.zIndex = '300';
  }
  pane.style.pointerEvents = 'none';
  pane.setAttribute('aria-hidden', 'true');
  const renderer = L.svg({ pane: 'pm-reference', padding: 0.5 });
  const rank = (f) => REFERENCE_ORDER.indexOf(f.properties.kind);
  const feats = ref.features.filter((f) => f && f.properties && f.geometry && rank(f) >= 0)
    .map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
  const drawn = feats.map((f) => ({ f, layers: null, key: '' }));

  function make(d, zoom) {
    const styles = referenceStyles(d.f.properties, zoom);
    return styles.map((s) => L.geoJSON(d.f, { pane: 'pm-reference', renderer, interactive: false, style: () => s }));
  }

  /** Redraws when a feature's visibility or style changed at this zoom (all of them, to keep the drawing order). */
  function update() {
    const zoom = map.getZoom();
    const keys = drawn.map((d) => (referenceVisible(d.f.properties, zoom)
      ? JSON.stringify(referenceStyles(d.f.properties, zoom)) : ''));
    if (keys.every((k, i) => k === drawn[i].key)) return;
    drawn.forEach((d, i) => {
      if (d.layers) for (const l of d.layers) map.removeLayer(l);
      d.key = keys[i];
      d.layers = d.key ? make(d, zoom) : null;
      if (d.layers) for (const l of d.layers) l.addTo(map);
    });
  }

  update();
  map.on('zoomend', update);
  return { update, pane };
}
