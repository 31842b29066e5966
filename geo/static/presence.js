/*
 * presence.js: client-side controller of the South Caucasus presence map.
 *
 * Usage (the map document built by geo/render.py):  PresenceMap.mount(map, payload);
 * The payload format is described in the project's payload spec (schema 1).
 *
 * Design notes
 * - Everything is built ONCE at mount: one Leaflet layer per feature, one table row per feature, the
 *   controls. A date change only compares each feature's [s, e] interval with the day and adds/removes
 *   the layers whose state changed, so a slider step costs well under a frame.
 * - The mount is progressive: the first task builds only what the first picture shows (basemap, the features
 *   of the opening day, the controls); the rest (other features' layers, list rows, event marks, measure panel,
 *   tooltips on the basemap, panel heights) is built right after the first frame (Controller.complete), or on
 *   demand when something needs it earlier. presenceMap.ready turns true only once all of it is built.
 * - All payload text is plain text. It reaches the DOM through textContent / setAttribute only. The only
 *   innerHTML in this file is for SVG symbols built from constants plus a colour checked against
 *   /^#[0-9a-f]{6}$/i. Leaflet's attribution control inserts HTML, so text given to it is escaped first.
 * - Nothing here requests the network, except the optional online tile layer when the reader ticks it.
 */
(function (global) {
  'use strict';

  const L = global.L;
  const DAY_MS = 86400000;
  const PLAY_TICK_MS = 150;
  const SEND_DEBOUNCE_MS = 150;
  const MOVE_DEBOUNCE_MS = 400;
  const NARROW_PX = 600;
  const FALLBACK_COLOR = '#555555';
  const COLOR_RE = /^#[0-9a-fA-F]{6}$/;
  const ISO_DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
  const PARTIAL_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
  const AREA_KINDS = new Set(['peacekeeping-force', 'peacekeeping-zone', 'corridor']);
  const LINE_KINDS = new Set(['road', 'route', 'blockade']);
  const MEASURE_DEDUPE_PX = 5;
  /**
   * English for the few keys that the locale files may not have yet (new in this version). Used ONLY when the
   * payload's strings lack the key in both the current language and English.
   */
  const FALLBACK_EN = {
    width_km: 'Width: {value} km',
    measure_from: 'From',
    measure_to: 'To',
    measure_pick: '—',
    measure_stop: 'Stop measuring',
    chapter_none: '—',
  };
  let uid = 0;

  // ---------------------------------------------------------------- geodesy (WGS84 ellipsoid)

  const RAD = Math.PI / 180;
  const WGS84_A = 6378137;
  const WGS84_F = 1 / 298.257223563;
  const MEAN_RADIUS_M = 6371008.8; // IUGG mean radius R1 = (2a + b) / 3

  /** Great-circle distance on the mean-radius sphere, in metres (the fallback for Vincenty). */
  function haversineM(lat1, lon1, lat2, lon2) {
    const dPhi = (lat2 - lat1) * RAD;
    const dLambda = (lon2 - lon1) * RAD;
    const h = Math.sin(dPhi / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLambda / 2) ** 2;
    return 2 * MEAN_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /**
   * Vincenty's inverse formula on the WGS84 ellipsoid: the geodesic distance in metres, or null when the iteration
   * does not converge (nearly antipodal points).
   */
  function vincentyM(lat1, lon1, lat2, lon2) {
    const a = WGS84_A;
    const f = WGS84_F;
    const b = a * (1 - f);
    const L = (lon2 - lon1) * RAD;
    const U1 = Math.atan((1 - f) * Math.tan(lat1 * RAD));
    const U2 = Math.atan((1 - f) * Math.tan(lat2 * RAD));
    const sinU1 = Math.sin(U1);
    const cosU1 = Math.cos(U1);
    const sinU2 = Math.sin(U2);
    const cosU2 = Math.cos(U2);
    let lambda = L;
    let prev;
    let sinSigma;
    let cosSigma;
    let sigma;
    let cosSqAlpha;
    let cos2SigmaM;
    let iterations = 0;
    do {
      const sinLambda = Math.sin(lambda);
      const cosLambda = Math.cos(lambda);
      sinSigma = Math.sqrt((cosU2 * sinLambda) ** 2 + (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda) ** 2);
      if (sinSigma === 0) return 0; // the same point
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = Math.atan2(sinSigma, cosSigma);
      const sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cosSqAlpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cosSqAlpha !== 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0; // 0 on the equator
      const C = f / 16 * cosSqAlpha * (4 + f * (4 - 3 * cosSqAlpha));
      prev = lambda;
      lambda = L + (1 - C) * f * sinAlpha *
        (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
      iterations += 1;
      if (Math.abs(lambda) > Math.PI) return null; // diverging (antipodal case)
    } while (Math.abs(lambda - prev) > 1e-12 && iterations < 200);
    if (iterations >= 200) return null;
    const uSq = cosSqAlpha * (a * a - b * b) / (b * b);
    const A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    const B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    const dSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
      B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return b * A * (sigma - dSigma);
  }

  /** Geodesic distance in km between two points given as (lat, lon) degrees: Vincenty, else the haversine. */
  function geodesicKm(lat1, lon1, lat2, lon2) {
    const v = vincentyM(lat1, lon1, lat2, lon2);
    return (v === null || !Number.isFinite(v) ? haversineM(lat1, lon1, lat2, lon2) : v) / 1000;
  }

  /** Points along the great circle from p to q (for drawing a measured segment; the distance is Vincenty's). */
  function greatCircle(p, q, segments) {
    const toVec = (ll) => [Math.cos(ll.lat * RAD) * Math.cos(ll.lng * RAD), Math.cos(ll.lat * RAD) * Math.sin(ll.lng * RAD),
      Math.sin(ll.lat * RAD)];
    const u = toVec(p);
    const v = toVec(q);
    const d = Math.acos(clamp(u[0] * v[0] + u[1] * v[1] + u[2] * v[2], -1, 1));
    if (!(d > 1e-9) || segments < 2) return [p, q];
    const out = [];
    for (let i = 0; i <= segments; i += 1) {
      const t = i / segments;
      const A = Math.sin((1 - t) * d) / Math.sin(d);
      const B = Math.sin(t * d) / Math.sin(d);
      const x = A * u[0] + B * v[0];
      const y = A * u[1] + B * v[1];
      const z = A * u[2] + B * v[2];
      out.push(L.latLng(Math.atan2(z, Math.hypot(x, y)) / RAD, p.lng + (((Math.atan2(y, x) / RAD - p.lng) + 540) % 360) - 180));
    }
    return out;
  }

  // ---------------------------------------------------------------- small utilities

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // parsed SVG markup by string: parsing the same symbol once and cloning it is much cheaper than innerHTML per use
  const svgParsed = new Map();

  function parsedSvg(markup) {
    let proto = svgParsed.get(markup);
    if (!proto) {
      proto = document.createElement('span');
      proto.innerHTML = markup; // eslint-disable-line no-unsanitized/property -- constant markup
      svgParsed.set(markup, proto);
    }
    return proto;
  }

  /** An element holding a static SVG string (constants + a validated colour only, never payload text). */
  function svgHolder(markup, className) {
    const span = el('span', className);
    span.setAttribute('aria-hidden', 'true');
    for (const child of parsedSvg(markup).childNodes) span.appendChild(child.cloneNode(true));
    return span;
  }

  /** A fresh copy of a static SVG string's single root element (for a marker icon). */
  function svgElement(markup) {
    return parsedSvg(markup).firstElementChild.cloneNode(true);
  }

  function safeColor(value) {
    return typeof value === 'string' && COLOR_RE.test(value) ? value : FALLBACK_COLOR;
  }

  /** Returns the URL if it is an absolute http(s) URL, else null. */
  function safeHref(url) {
    if (typeof url !== 'string') return null;
    try {
      const parsed = new URL(url.trim());
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
    } catch (err) {
      return null;
    }
  }

  /** Escapes text for the few Leaflet APIs that insert HTML (attribution). */
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => (
      { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  /** Replaces {name} placeholders; unknown placeholders are kept. */
  function fill(template, vars) {
    return String(template).replace(/\{(\w+)\}/g, (m, key) => (
      Object.prototype.hasOwnProperty.call(vars, key) ? String(vars[key]) : m));
  }

  function clamp(value, lo, hi) {
    return Math.min(hi, Math.max(lo, value));
  }

  function debounce(fn, ms) {
    let timer = null;
    return function debounced() {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function sameJson(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // ---------------------------------------------------------------- day numbers

  function utcDay(year, monthIndex, day) {
    const d = new Date(0);
    d.setUTCFullYear(year, monthIndex, day);
    return Math.round(d.getTime() / DAY_MS);
  }

  function dayToIso(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  /** "YYYY-MM-DD" → day number, or null when malformed or not a calendar date. */
  function isoToDay(text) {
    const m = typeof text === 'string' ? ISO_DAY_RE.exec(text) : null;
    if (!m) return null;
    const day = utcDay(+m[1], +m[2] - 1, +m[3]);
    return dayToIso(day) === text ? day : null;
  }

  /** "YYYY[-MM[-DD]]" → {day (first day), precision}, or null. */
  function parsePartial(text) {
    const m = typeof text === 'string' ? PARTIAL_RE.exec(text) : null;
    if (!m) return null;
    const precision = m[3] ? 'day' : m[2] ? 'month' : 'year';
    return { day: utcDay(+m[1], m[2] ? +m[2] - 1 : 0, m[3] ? +m[3] : 1), precision };
  }

  /** Adds calendar months, keeping the day of month where possible (31 Jan + 1 month → 28/29 Feb). */
  function addMonths(day, months) {
    const d = new Date(day * DAY_MS);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + months;
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return utcDay(y, m, Math.min(d.getUTCDate(), last));
  }

  // ---------------------------------------------------------------- text (i18n)

  /**
   * Format a UTC day with a CLDR date pattern ("d MMMM y", "LLLL y 'г'.") and the language's month names.
   * Patterns and names come from Babel (payload.dates), so the map writes dates exactly as the Python side
   * does, whatever the browser's own locale data (Debian's Chromium has no Armenian or Georgian month names).
   */
  function formatPattern(pattern, date, table) {
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth();
    const d = date.getUTCDate();
    let out = '';
    for (let i = 0; i < pattern.length;) {
      const ch = pattern[i];
      if (ch === "'") {
        const close = pattern.indexOf("'", i + 1);
        const end = close === -1 ? pattern.length : close;
        out += end === i + 1 ? "'" : pattern.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      let j = i;
      while (j < pattern.length && pattern[j] === ch) j += 1;
      const n = j - i;
      if (ch === 'd') out += n >= 2 ? String(d).padStart(2, '0') : String(d);
      else if (ch === 'y') out += n === 2 ? String(y % 100).padStart(2, '0') : String(y);
      else if (ch === 'M' || ch === 'L') {
        const names = ch === 'L' ? table.months_standalone : table.months;
        out += n >= 3 ? names[m] : (n === 2 ? String(m + 1).padStart(2, '0') : String(m + 1));
      } else out += pattern.slice(i, j);
      i = j;
    }
    return out;
  }

  /** Text helpers bound to the live state (language, swap). */
  function makeText(payload, state) {
    const strings = payload.strings || {};
    const dates = payload.dates || {};
    const kindLabels = new Map((payload.kinds || []).map((k) => [k.id, k.label]));
    const layerTitles = new Map((payload.layers || []).map((l) => [l.id, l.title]));

    function pick(value) {
      if (value === null || value === undefined) return '';
      if (typeof value !== 'object') return String(value);
      const v = value[state.lang] ?? value.en;
      if (v !== undefined && v !== null) return String(v);
      const first = Object.values(value).find((x) => typeof x === 'string');
      return first === undefined ? '' : first;
    }

    function t(key) {
      const own = (strings[state.lang] || {})[key];
      if (typeof own === 'string') return own;
      const en = (strings.en || {})[key];
      if (typeof en === 'string') return en;
      return Object.prototype.hasOwnProperty.call(FALLBACK_EN, key) ? FALLBACK_EN[key] : key;
    }

    function dayWords(day, precision) {
      const table = dates[state.lang] || dates.en;
      const date = new Date(day * DAY_MS);
      if (!table) return dayToIso(day);
      return formatPattern(table[precision || 'day'], date, table);
    }

    function partialWords(text) {
      const p = parsePartial(text);
      return p ? dayWords(p.day, p.precision) : String(text || '');
    }

    /** "{x} {date}" phrase: fills "{date}" when the string has it, else appends the date. */
    function withDate(key, words) {
      const s = t(key);
      return s.includes('{date}') ? fill(s, { date: words }) : s + ' ' + words;
    }

    const numberFormats = new Map(); // constructing Intl formatters is costly: one per language and option set

    function numberFormat(min, max) {
      const key = state.lang + '|' + min + '|' + max;
      if (!numberFormats.has(key)) {
        numberFormats.set(key, new Intl.NumberFormat(state.lang, { minimumFractionDigits: min, maximumFractionDigits: max }));
      }
      return numberFormats.get(key);
    }

    function number(value, maxFraction) {
      return numberFormat(0, maxFraction ?? 1).format(value);
    }

    /** Exactly one decimal ("49.3"), for measured distances. */
    function km1(value) {
      return numberFormat(1, 1).format(value);
    }

    const collators = new Map(); // a.localeCompare(b, lang) builds a collator per call: one per language instead

    /** Compares two strings like a.localeCompare(b, current language), with a cached Intl.Collator. */
    function compare(a, b) {
      let c = collators.get(state.lang);
      if (!c) {
        c = new Intl.Collator(state.lang);
        collators.set(state.lang, c);
      }
      return c.compare(a, b);
    }

    /** A list in the current language (chapter questions): {lang: [texts]} → [texts]. */
    function pickList(value) {
      if (!value || typeof value !== 'object') return [];
      const v = value[state.lang] ?? value.en ?? Object.values(value).find(Array.isArray);
      return Array.isArray(v) ? v.map(String) : [];
    }

    function name(f) {
      return pick(state.swap && f.name_swapped ? f.name_swapped : f.name) || f.id;
    }

    function description(f) {
      return pick(state.swap && f.description_swapped ? f.description_swapped : f.description);
    }

    function kind(id) {
      return kindLabels.has(id) ? pick(kindLabels.get(id)) : id;
    }

    function layerTitle(id) {
      return layerTitles.has(id) ? pick(layerTitles.get(id)) : id;
    }

    function isSingleDay(f) {
      return f.end && f.start === f.end;
    }

    /** Uses an optional whole-phrase template (e.g. "date_range": "from {start} until {end}") when given. */
    function optional(key) {
      const s = t(key);
      return s === key ? null : s;
    }

    /** "from … until …" in full sentences (popup). */
    function rangeLong(f) {
      const start = partialWords(f.start);
      if (isSingleDay(f)) return start;
      if (!f.end) {
        const tpl = optional('date_range_open');
        return tpl ? fill(tpl, { start }) : t('from') + ' ' + start + ' — ' + t('ongoing');
      }
      const end = partialWords(f.end);
      const tpl = optional('date_range');
      return tpl ? fill(tpl, { start, end }) : t('from') + ' ' + start + ' ' + t('until') + ' ' + end;
    }

    /** "Length: {value} km"-style strings; a bare label gets ": value" appended. */
    function withValue(key, value) {
      const s = t(key);
      return s.includes('{value}') ? fill(s, { value }) : s + ': ' + value;
    }

    /** "start – end" (table). */
    function rangeShort(f) {
      const start = partialWords(f.start);
      if (isSingleDay(f)) return start;
      return start + ' – ' + (f.end ? partialWords(f.end) : t('ongoing'));
    }

    return { pick, pickList, t, dayWords, partialWords, withDate, withValue, number, km1, name, description, kind,
      layerTitle, rangeLong, rangeShort, compare };
  }

  // ---------------------------------------------------------------- symbols (SVG, constant markup)

  const HALO = 'stroke="#ffffff" stroke-width="3.4" stroke-linejoin="round" fill="#ffffff"';
  const INK = '#1c1c1c';
  /** Shapes on a 20×20 grid. Each is an element opening tag without its style attributes. */
  const SHAPES = {
    square: '<rect x="3.5" y="3.5" width="13" height="13"',
    smallSquare: '<rect x="5" y="5" width="10" height="10"',
    triangle: '<path d="M10 2 L18.5 17 H1.5 Z"',
    diamond: '<path d="M10 1 L19 10 L10 19 L1 10 Z"',
    bigSquare: '<rect x="2.5" y="2.5" width="15" height="15"',
    innerSquare: '<rect x="6.5" y="6.5" width="7" height="7"',
    circle: '<circle cx="10" cy="10" r="6"',
    smallCircle: '<circle cx="10" cy="10" r="4.5"',
    dot: '<circle cx="10" cy="10" r="3.6"',
    ring: '<circle cx="10" cy="10" r="8"',
    zone: '<circle cx="10" cy="10" r="8"',
    star: '<path d="M10 1.5 L12.2 7.2 L18.3 7.4 L13.5 11.2 L15.2 17.2 L10 13.7 L4.8 17.2 L6.5 11.2 L1.7 7.4 L7.8 7.2 Z"',
    cross: '<path d="M4 4 L16 16 M16 4 L4 16"',
    crossSmall: '<path d="M7 7 L13 13 M13 7 L7 13"',
  };

  function dashAttr(approx) {
    return approx ? ' stroke-dasharray="2.6 1.8"' : '';
  }

  /** A filled shape with a white halo and a dark outline (legible on light ground, any colour). */
  function filled(shape, color, approx) {
    const op = approx ? ' fill-opacity="0.55"' : '';
    return shape + ' ' + HALO + '/>' +
      shape + ' fill="' + color + '"' + op + ' stroke="' + INK + '" stroke-width="1.1"' + dashAttr(approx) + '/>';
  }

  /** A hollow shape: a white-filled shape, coloured thick outline over a dark halo. */
  function hollow(shape, color, approx) {
    return shape + ' fill="#ffffff" fill-opacity="0.9" stroke="' + INK + '" stroke-width="4.2"/>' +
      shape + ' fill="none" stroke="' + color + '" stroke-width="2.4"' + dashAttr(approx) + '/>';
  }

  /** Symbol markup (inside a 20×20 viewBox) per kind. */
  const SYMBOLS = {
    'military-base': (c, a) => filled(SHAPES.square, c, a),
    'air-base': (c, a) => filled(SHAPES.triangle, c, a),
    'naval-point': (c, a) => filled(SHAPES.diamond, c, a),
    headquarters: (c, a) => filled(SHAPES.bigSquare, c, a) +
      SHAPES.innerSquare + ' fill="none" stroke="#ffffff" stroke-width="1.8"/>',
    'observation-post': (c, a) => filled(SHAPES.smallCircle, c, a),
    checkpoint: (c, a) => hollow(SHAPES.smallSquare, c, a) +
      SHAPES.crossSmall + ' stroke="' + c + '" stroke-width="2" stroke-linecap="round"/>',
    'border-guard-post': (c, a) => hollow(SHAPES.ring, c, a) + filled(SHAPES.dot, c, false),
    'monitoring-centre': (c, a) => hollow(SHAPES.circle, c, a),
    'monitoring-mission': (c, a) => hollow(SHAPES.circle, c, a),
    'former-base': (c, a) => hollow(SHAPES.smallSquare, c, a),
    incident: (c) => SHAPES.cross + ' stroke="#ffffff" stroke-width="6" stroke-linecap="round"/>' +
      SHAPES.cross + ' stroke="' + INK + '" stroke-width="4.4" stroke-linecap="round"/>' +
      SHAPES.cross + ' stroke="' + c + '" stroke-width="2.6" stroke-linecap="round"/>',
    event: (c, a) => filled(SHAPES.star, c, a),
    zone: (c, a) => SHAPES.zone + ' fill="' + c + '" fill-opacity="0.3" stroke="' + c + '" stroke-width="2.2"' +
      dashAttr(a) + '/>',
    fallback: (c, a) => filled(SHAPES.circle, c, a),
  };

  /** Icon size in CSS pixels per kind (major sites larger). */
  const SYMBOL_SIZE = {
    'military-base': 22, 'air-base': 22, 'naval-point': 22, headquarters: 22,
    'observation-post': 14, checkpoint: 16, 'border-guard-post': 18, 'monitoring-centre': 18,
    'monitoring-mission': 18, 'former-base': 16, incident: 16, event: 16,
  };

  function symbolKey(kind) {
    if (SYMBOLS[kind]) return kind;
    return AREA_KINDS.has(kind) ? 'zone' : 'fallback';
  }

  function symbolSvg(kind, color, approx, size) {
    const body = SYMBOLS[symbolKey(kind)](safeColor(color), !!approx);
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-1 -1 22 22" width="' + size + '" height="' +
      size + '" focusable="false" aria-hidden="true">' + body + '</svg>';
  }

  /** Leaflet path style for line geometries, by kind. */
  function lineStyle(kind, color, approx) {
    const base = { color, weight: 4, opacity: 0.95, lineCap: 'round', lineJoin: 'round' };
    if (kind === 'route') Object.assign(base, { weight: 4, dashArray: '0.1 8' });
    else if (kind === 'blockade') Object.assign(base, { weight: 9, dashArray: '10 7', lineCap: 'butt', opacity: 0.85 });
    else if (kind === 'incident' || kind === 'event') base.weight = 3;
    if (approx && kind !== 'route' && kind !== 'blockade') base.dashArray = '8 6';
    if (approx) base.opacity = 0.7;
    return base;
  }

  /** Leaflet path style for polygon geometries, by kind. */
  function areaStyle(kind, color, approx) {
    const hollowKind = kind === 'monitoring-mission' || kind === 'monitoring-centre' || kind === 'former-base';
    return {
      color,
      weight: hollowKind ? 2.5 : 2,
      opacity: approx ? 0.75 : 0.95,
      fillColor: color,
      fillOpacity: hollowKind ? 0.06 : approx ? 0.16 : 0.25,
      dashArray: approx ? '7 5' : null,
      lineJoin: 'round',
    };
  }

  function isLineGeometry(type) {
    return type === 'LineString' || type === 'MultiLineString';
  }

  function isAreaGeometry(type) {
    return type === 'Polygon' || type === 'MultiPolygon';
  }

  /** Legend sample (a 28×20 SVG) for a kind, drawn in a neutral ink: shapes carry the meaning. */
  function legendSvg(kind) {
    const c = '#4a4a4a';
    const wrap = (body) => '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 20" width="28" height="20" ' +
      'focusable="false" aria-hidden="true">' + body + '</svg>';
    if (LINE_KINDS.has(kind)) {
      const s = lineStyle(kind, c, false);
      const dash = s.dashArray ? ' stroke-dasharray="' + s.dashArray + '"' : '';
      return wrap('<path d="M2 10 H26" stroke="' + c + '" stroke-width="' + Math.min(s.weight, 7) +
        '" stroke-linecap="' + s.lineCap + '"' + dash + ' fill="none"/>');
    }
    if (AREA_KINDS.has(kind)) {
      return wrap('<rect x="2" y="3" width="24" height="14" rx="1" fill="' + c + '" fill-opacity="0.25" stroke="' +
        c + '" stroke-width="2"/>');
    }
    return wrap('<g transform="translate(4 0)">' + SYMBOLS[symbolKey(kind)](c, false) + '</g>');
  }

  function approxLegendSvg() {
    const c = '#4a4a4a';
    return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 20" width="28" height="20" focusable="false" ' +
      'aria-hidden="true"><rect x="2" y="3" width="24" height="14" fill="' + c + '" fill-opacity="0.12" stroke="' +
      c + '" stroke-width="2" stroke-dasharray="5 3.5"/></svg>';
  }

  // ---------------------------------------------------------------- basemap

  /** The three South Caucasus states are drawn lighter than their neighbours (basemap feature ids, ISO 3166). */
  const FOCUS_COUNTRIES = new Set(['ARM', 'AZE', 'GEO']);
  const BASEMAP_STYLE = {
    country: { color: '#8e8e8e', weight: 1, fillColor: '#ebe9e3', fillOpacity: 1 },
    focus: { color: '#7a7a7a', weight: 1.1, fillColor: '#fbfaf7', fillOpacity: 1 },
    breakaway: { color: '#6f6658', weight: 1.3, dashArray: '5 4', fillColor: '#efe9df', fillOpacity: 1 },
    former_nkao: { color: '#6f6658', weight: 1.3, dashArray: '2 3', fillColor: '#f1ece4', fillOpacity: 1 },
    ceasefire_line_1994: { color: '#444444', weight: 1.4, dashArray: '5 3', fill: false },
  };

  const HATCHES = [['breakaway', 45, '#efe9df', '#b3a58e'], ['former_nkao', -45, '#f1ece4', '#c0ae92']];

  /** The fill value per hatched kind (the patterns addHatches(svg, id) adds). */
  function hatchFills(id) {
    const fills = {};
    for (const [kind] of HATCHES) fills[kind] = 'url(#' + id + '-' + kind + ')';
    return fills;
  }

  /** Adds <pattern> hatches to the basemap pane's SVG; returns the fill value per kind. */
  function addHatches(svg, id) {
    const ns = 'http://www.w3.org/2000/svg';
    const defs = document.createElementNS(ns, 'defs');
    const fills = hatchFills(id);
    for (const [kind, angle, bg, line] of HATCHES) {
      const p = document.createElementNS(ns, 'pattern');
      const pid = id + '-' + kind;
      p.setAttribute('id', pid);
      p.setAttribute('patternUnits', 'userSpaceOnUse');
      p.setAttribute('width', '7');
      p.setAttribute('height', '7');
      p.setAttribute('patternTransform', 'rotate(' + angle + ')');
      const r = document.createElementNS(ns, 'rect');
      r.setAttribute('width', '7');
      r.setAttribute('height', '7');
      r.setAttribute('fill', bg);
      const l = document.createElementNS(ns, 'line');
      l.setAttribute('x1', '0');
      l.setAttribute('y1', '0');
      l.setAttribute('x2', '0');
      l.setAttribute('y2', '7');
      l.setAttribute('stroke', line);
      l.setAttribute('stroke-width', '1.6');
      p.append(r, l);
      defs.append(p);
    }
    svg.insertBefore(defs, svg.firstChild);
    return fills;
  }

  function basemapStyle(props) {
    const key = props.kind === 'country' && FOCUS_COUNTRIES.has(props.id) ? 'focus' : props.kind;
    return Object.assign({ className: 'pm-bm pm-bm--' + props.kind }, BASEMAP_STYLE[key] || BASEMAP_STYLE.country);
  }

  function basemapName(props, lang) {
    return props['name_' + lang] || props.name || '';
  }

  /**
   * Draws the basemap. The hatch fills are part of the first style (no second pass over the paths); the patterns
   * they point to are added to the renderer's SVG right after. Returns a function that binds the basemap tooltips
   * (hover only, so mount leaves it for after the first frame), or null.
   */
  function drawBasemap(ctx) {
    const { map, payload } = ctx;
    const bm = payload.basemap;
    if (!bm || !Array.isArray(bm.features)) return null;
    const pane = map.getPane('pm-basemap');
    const renderer = L.svg({ pane: 'pm-basemap', padding: 0.5 });
    const hatchId = 'pm-hatch-' + ctx.uid;
    const fills = hatchFills(hatchId);
    const group = L.geoJSON(bm, {
      pane: 'pm-basemap',
      renderer,
      style: (feat) => {
        const style = basemapStyle(feat.properties);
        const f = fills[feat.properties.kind];
        if (f) style.fillColor = f;
        return style;
      },
      interactive: true,
      bubblingMouseEvents: true,
    });
    group.addTo(map);
    const svg = pane.querySelector('svg');
    if (svg) {
      addHatches(svg, hatchId);
      ctx.basemapLayer = group;
    }
    return () => group.eachLayer((layer) => {
      layer.bindTooltip(() => basemapTooltip(layer.feature.properties, ctx.state.lang, ctx.text.t),
        { sticky: true, className: 'pm-tip pm-tip--bm', direction: 'top', offset: [0, -8], opacity: 1 });
    });
  }

  function basemapTooltip(props, lang, t) {
    const box = el('span', 'pm-tip__body');
    box.append(el('strong', null, basemapName(props, lang)));
    // the neutral status sentence, the same formula in every language (strings "status.<id>")
    const status = t('status.' + props.id);
    if (status !== 'status.' + props.id) box.append(el('span', 'pm-tip__note', status));
    else if (props.status && lang === 'en') box.append(el('span', 'pm-tip__note', props.status));
    return box;
  }

  // ---------------------------------------------------------------- features

  function makeMarker(entry, latlng, ctx) {
    const f = entry.f;
    const size = SYMBOL_SIZE[f.kind] || (AREA_KINDS.has(f.kind) ? 22 : 16);
    const icon = L.divIcon({
      // an element, not markup: Leaflet then moves it into the icon instead of parsing HTML for every marker
      html: svgElement(symbolSvg(f.kind, entry.color, f.approximate, size)),
      className: 'pm-sym pm-sym--' + symbolKey(f.kind) + (f.approximate ? ' pm-sym--approx' : ''),
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      tooltipAnchor: [0, -size / 2],
      popupAnchor: [0, -size / 2],
    });
    const marker = L.marker(latlng, { icon, keyboard: true, riseOnHover: true, zIndexOffset: entry.z });
    marker.on('add', () => labelMarker(marker, entry, ctx));
    entry.markers.push(marker);
    return marker;
  }

  function labelMarker(marker, entry, ctx) {
    const node = marker.getElement();
    if (node) node.setAttribute('aria-label', ctx.text.name(entry.f) + ', ' + ctx.text.kind(entry.f.kind));
  }

  function featurePane(type) {
    if (isAreaGeometry(type)) return 'pm-areas';
    if (isLineGeometry(type)) return 'pm-lines';
    return 'markerPane';
  }

  function makeGeoLayer(entry, ctx) {
    const f = entry.f;
    const type = f.g.type;
    const layer = L.geoJSON(f.g, {
      pane: featurePane(type),
      pointToLayer: (_, latlng) => makeMarker(entry, latlng, ctx),
      style: () => Object.assign({ className: 'pm-feat' },
        isAreaGeometry(type) ? areaStyle(f.kind, entry.color, f.approximate) : lineStyle(f.kind, entry.color, f.approximate)),
    });
    layer.on('click', (e) => {
      if (ctx.measure && ctx.measure.active()) {
        // measuring: a click on a feature adds a point (a marker gives its own position), never a popup
        L.DomEvent.stopPropagation(e);
        ctx.measure.addPoint(e.latlng);
        return;
      }
      ctx.openPopup(entry, e.latlng);
    });
    layer.bindTooltip(() => el('span', 'pm-tip__body', ctx.text.name(f)), {
      sticky: !(type === 'Point' || type === 'MultiPoint'), direction: 'top', className: 'pm-tip', opacity: 1,
    });
    return layer;
  }

  /**
   * One entry per feature. Its Leaflet layer is made by ensureLayer: at mount only for the features shown on the
   * opening day (the rest right after the first frame, see Controller.complete), so the first picture is cheap.
   */
  function buildEntries(ctx) {
    return (ctx.payload.features || []).map((f) => {
      const def = ctx.layerById.get(f.layer);
      const entry = {
        f,
        s: Number.isFinite(f.s) ? f.s : -Infinity,
        e: Number.isFinite(f.e) ? f.e : Infinity,
        color: safeColor(def && def.color),
        order: def ? def.order : 1e9,
        // events and small posts above big bases in the marker stack
        z: (SYMBOL_SIZE[f.kind] || 16) < 20 ? 200 : 0,
        on: false,
        layer: null,
        markers: [],
        row: null,
      };
      return entry;
    });
  }

  /** The entry's Leaflet layer, made on first use (null for a feature without geometry). */
  function ensureLayer(entry, ctx) {
    if (!entry.layer && entry.f.g && entry.f.g.type) entry.layer = makeGeoLayer(entry, ctx);
    return entry.layer;
  }

  /** A point at which to open a feature's popup (the feature must be on the map). */
  function anchorOf(entry) {
    let found = null;
    entry.layer.eachLayer((child) => {
      if (found) return;
      if (child.getLatLng) found = child.getLatLng();
      else if (child.getCenter) found = child.getCenter();
    });
    return found;
  }

  // ---------------------------------------------------------------- popup content

  function link(text, url, className) {
    const href = safeHref(url);
    if (!href) {
      const span = el('span', className, text);
      if (url) span.append(' ', el('span', 'pm-url-text', '(' + url + ')'));
      return span;
    }
    const a = el('a', className, text);
    a.href = href;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  }

  function addFact(dl, label, value, note) {
    if (value === null || value === undefined || value === '') return null;
    const dd = el('dd');
    if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
    if (note) dd.append(el('span', 'pm-pop__note', note));
    dl.append(el('dt', null, label), dd);
    return dd;
  }

  function figureItem(fig, T) {
    const li = el('li');
    const value = (fig.approx ? '≈' : '') + T.number(fig.value, 2);
    const text = fig.unit ? fig.label + ': ' + value + ' ' + fig.unit : value + ' ' + fig.label;
    li.append(el('strong', null, text));
    if (fig.as_of) li.append(' (' + T.withDate('as_of', T.partialWords(fig.as_of)) + ')');
    if (fig.note) li.append(el('span', 'pm-pop__note', fig.note));
    const src = fig.source;
    if (src && (src.title || src.url)) {
      li.append(' ');
      const a = link(src.publisher || src.title || src.url, src.url, 'pm-pop__figsrc');
      if (src.title) a.title = src.title;
      li.append(a);
    }
    return li;
  }

  function sourceItem(src, T) {
    const li = el('li');
    li.append(link(src.title || src.url || '?', src.url));
    const date = src.date ? T.partialWords(src.date) : T.t('undated');
    li.append(el('span', 'pm-pop__srcmeta', ' — ' + (src.publisher ? src.publisher + ', ' : '') + date));
    return li;
  }

  /** "Length: 65.4 km · Area: 3,800 km² · Width: 5 km" (computed in Python in EPSG:32638), or null. */
  function measuresLine(m, T) {
    if (!m) return null;
    const parts = [];
    if (Number.isFinite(m.length_km)) parts.push(T.withValue('length_km', T.number(m.length_km, 1)));
    if (Number.isFinite(m.area_km2)) parts.push(T.withValue('area_km2', T.number(m.area_km2, m.area_km2 < 10 ? 1 : 0)));
    if (Number.isFinite(m.width_km)) parts.push(T.withValue('width_km', T.number(m.width_km, 1)));
    return parts.length ? el('p', 'pm-pop__measures', parts.join(' · ')) : null;
  }

  function buildPopup(entry, ctx) {
    const f = entry.f;
    const T = ctx.text;
    const root = el('div', 'pm-pop');
    root.lang = ctx.state.lang;
    root.append(el('h2', 'pm-pop__title', T.name(f)));
    const meta = el('p', 'pm-pop__meta');
    meta.append(svgHolder(legendSvgColored(f.kind, entry.color), 'pm-pop__sym'),
      el('span', 'pm-pop__kind', T.kind(f.kind)));
    root.append(meta, el('p', 'pm-pop__layer', T.layerTitle(f.layer)));
    const dl = el('dl', 'pm-pop__facts');
    addFact(dl, T.t('operator'), f.operator);
    addFact(dl, T.t('dates'), T.rangeLong(f), f.date_note);
    const conf = el('span', 'pm-conf pm-conf--' + String(f.confidence), T.t('confidence_' + f.confidence));
    addFact(dl, T.t('confidence'), conf);
    if (f.approximate) addFact(dl, T.t('approximate'), f.approximate_note || '—');
    if (Array.isArray(f.figures) && f.figures.length) {
      const ul = el('ul', 'pm-pop__figures');
      f.figures.forEach((fig) => ul.append(figureItem(fig, T)));
      addFact(dl, T.t('figures'), ul);
    }
    root.append(dl);
    const measures = measuresLine(f.measures, T);
    if (measures) root.append(measures);
    const desc = T.description(f);
    if (desc) root.append(el('p', 'pm-pop__desc', desc));
    if (Array.isArray(f.sources) && f.sources.length) {
      root.append(el('h3', 'pm-pop__h', T.t('sources')));
      const ol = el('ol', 'pm-pop__sources');
      f.sources.forEach((src) => ol.append(sourceItem(src, T)));
      root.append(ol);
    }
    return root;
  }

  function legendSvgColored(kind, color) {
    if (LINE_KINDS.has(kind) || AREA_KINDS.has(kind)) return legendSvg(kind).replace(/#4a4a4a/g, safeColor(color));
    return symbolSvg(kind, color, false, 18);
  }

  // ---------------------------------------------------------------- generic control helpers

  function makeControl(position, node) {
    const Ctl = L.Control.extend({ onAdd: () => node });
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return new Ctl({ position });
  }

  function button(className, onClick) {
    const b = el('button', className);
    b.type = 'button';
    if (onClick) b.addEventListener('click', onClick);
    return b;
  }

  const ICONS = {
    play: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M6 3.5 L16.5 10 L6 16.5 Z" fill="currentColor"/></svg>',
    pause: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><rect x="4.5" y="3.5" width="4" height="13" fill="currentColor"/><rect x="11.5" y="3.5" width="4" height="13" fill="currentColor"/></svg>',
    layers: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M10 2.5 L18 6.5 L10 10.5 L2 6.5 Z" fill="currentColor"/><path d="M3.6 9.6 L10 12.8 L16.4 9.6 L18 10.4 L10 14.4 L2 10.4 Z" fill="currentColor"/><path d="M3.6 13.1 L10 16.3 L16.4 13.1 L18 13.9 L10 17.9 L2 13.9 Z" fill="currentColor"/></svg>',
    list: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M3 4.5 H5 M7.5 4.5 H17 M3 10 H5 M7.5 10 H17 M3 15.5 H5 M7.5 15.5 H17" stroke="currentColor" stroke-width="2.2" fill="none"/></svg>',
    chevron: '<svg viewBox="0 0 12 12" width="12" height="12" focusable="false"><path d="M2.5 4.5 L6 8 L9.5 4.5" stroke="currentColor" stroke-width="1.8" fill="none"/></svg>',
    prev: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M12.5 4 L6.5 10 L12.5 16" stroke="currentColor" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
    next: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M7.5 4 L13.5 10 L7.5 16" stroke="currentColor" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
    book: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M2 4.2 C4.6 3.2 7.3 3.3 9.3 4.8 V17 C7.3 15.6 4.6 15.5 2 16.4 Z M18 4.2 C15.4 3.2 12.7 3.3 10.7 4.8 V17 C12.7 15.6 15.4 15.5 18 16.4 Z" fill="currentColor"/></svg>',
    ruler: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M2.2 13.6 L13.6 2.2 L17.8 6.4 L6.4 17.8 Z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round"/><path d="M5.6 10.2 L7.4 12 M8 7.8 L9.8 9.6 M10.4 5.4 L12.2 7.2" stroke="currentColor" stroke-width="1.6"/></svg>',
    present: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M2.5 7 V2.5 H7 M13 2.5 H17.5 V7 M17.5 13 V17.5 H13 M7 17.5 H2.5 V13" stroke="currentColor" stroke-width="2.2" fill="none"/></svg>',
    unpresent: '<svg viewBox="0 0 20 20" width="20" height="20" focusable="false"><path d="M7 2.5 V7 H2.5 M17.5 7 H13 V2.5 M13 17.5 V13 H17.5 M2.5 13 H7 V17.5" stroke="currentColor" stroke-width="2.2" fill="none"/></svg>',
    close: '<svg viewBox="0 0 20 20" width="18" height="18" focusable="false"><path d="M5 5 L15 15 M15 5 L5 15" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>',
  };

  /** A header button that shows/hides a body; returns {toggle, setOpen, isOpen}. */
  function collapsible(root, toggle, body, open, onChange) {
    let isOpen = open;
    const id = 'pm-body-' + (++uid);
    body.id = id;
    toggle.setAttribute('aria-controls', id);
    function setOpen(v) {
      isOpen = !!v;
      body.hidden = !isOpen;
      toggle.setAttribute('aria-expanded', String(isOpen));
      root.classList.toggle('pm-is-open', isOpen);
      if (onChange) onChange(isOpen);
    }
    toggle.addEventListener('click', () => setOpen(!isOpen));
    setOpen(open);
    return { setOpen, isOpen: () => isOpen };
  }

  // ---------------------------------------------------------------- time control

  // Intl formatters are costly to construct (locale data is loaded each time): one per language and unit
  const stepFormats = new Map();

  function stepLabel(lang, unit, n) {
    const key = lang + '|' + unit;
    if (!stepFormats.has(key)) {
      stepFormats.set(key, new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'narrow', signDisplay: 'always' }));
    }
    return stepFormats.get(key).format(n).replace(/^-/, '−');
  }

  const STEPS = [
    ['step_back_year', 'year', -1], ['step_back_month', 'month', -1], ['step_back_day', 'day', -1],
    ['step_forward_day', 'day', 1], ['step_forward_month', 'month', 1], ['step_forward_year', 'year', 1],
  ];

  function shiftDay(day, unit, n) {
    if (unit === 'day') return day + n;
    return addMonths(day, unit === 'year' ? 12 * n : n);
  }

  function createTimeControl(ctx) {
    const { min, max } = ctx.range;
    const root = el('section', 'pm-time');
    const top = el('div', 'pm-time__top');
    const playBtn = button('pm-btn pm-time__play', () => ctx.player.toggle());
    const dateBox = el('div', 'pm-time__datebox');
    const dateLabel = el('span', 'pm-time__label');
    const dateText = el('span', 'pm-time__date');
    dateText.setAttribute('aria-live', 'polite');
    dateText.setAttribute('aria-atomic', 'true');
    dateBox.append(dateLabel, dateText);
    const steps = el('div', 'pm-time__steps');
    const stepBtns = STEPS.map(([key, unit, n]) => {
      const b = button('pm-btn pm-time__step', () => {
        ctx.player.stop(false);
        ctx.setDay(shiftDay(ctx.state.day, unit, n));
        ctx.bridgeSoon();
      });
      b.dataset.key = key;
      steps.append(b);
      return { b, key, unit, n };
    });
    top.append(playBtn, dateBox, steps);

    const track = el('div', 'pm-time__track');
    let marks = null; // the event marks are built after the first frame (ensureMarks)
    const slider = el('input', 'pm-time__slider');
    slider.type = 'range';
    slider.min = String(min);
    slider.max = String(max);
    slider.step = '1';
    slider.addEventListener('input', () => ctx.setDay(+slider.value));
    slider.addEventListener('change', () => ctx.bridgeNow());
    slider.addEventListener('pointerdown', () => ctx.player.stop(false));
    slider.addEventListener('keydown', (ev) => onSliderKey(ev, ctx));
    track.append(slider);
    const scale = createScale(ctx);
    root.append(top, track, scale.node);

    function update(day) {
      const words = ctx.text.dayWords(day);
      dateText.textContent = words;
      if (+slider.value !== day) slider.value = String(day);
      slider.setAttribute('aria-valuetext', words);
      slider.style.setProperty('--pm-pct', ((day - min) / Math.max(1, max - min) * 100).toFixed(3) + '%');
      if (marks) marks.update(day);
    }

    /** Builds the event marks (once), labelled and marked for the current day. */
    function ensureMarks() {
      if (marks) return;
      marks = createMarks(ctx, track, slider);
      marks.relabel();
      marks.update(ctx.state.day);
    }

    function relabel() {
      const T = ctx.text;
      dateLabel.textContent = T.t('date_label');
      slider.setAttribute('aria-label', T.t('slider_label'));
      for (const s of stepBtns) {
        // short label from the strings ("{n} г."), else the browser's own narrow unit format
        const short = T.t('step_short_' + s.unit);
        s.b.textContent = short !== 'step_short_' + s.unit
          ? fill(short, { n: (s.n < 0 ? '−' : '+') + Math.abs(s.n) })
          : stepLabel(ctx.state.lang, s.unit, s.n);
        s.b.setAttribute('aria-label', T.t(s.key));
        s.b.title = T.t(s.key);
      }
      steps.setAttribute('aria-label', T.t('date_label'));
      steps.setAttribute('role', 'group');
      setPlaying(ctx.player.playing());
      if (marks) marks.relabel();
      scale.relabel();
      update(ctx.state.day);
    }

    function setPlaying(playing) {
      const key = playing ? 'pause' : 'play';
      playBtn.replaceChildren(svgHolder(ICONS[key]));
      playBtn.setAttribute('aria-label', ctx.text.t(key));
      playBtn.title = ctx.text.t(key);
      playBtn.setAttribute('aria-pressed', String(playing));
      root.classList.toggle('pm-is-playing', playing);
    }

    return { node: root, update, relabel, setPlaying, ensureMarks };
  }

  /** Keyboard on the slider: ←/→ ±1 day, PgUp/PgDn ±1 month (Shift: ±1 year), Home/End. */
  function onSliderKey(ev, ctx) {
    const day = ctx.state.day;
    const big = ev.shiftKey ? 12 : 1;
    const moves = {
      ArrowLeft: day - 1, ArrowDown: day - 1, ArrowRight: day + 1, ArrowUp: day + 1,
      PageDown: addMonths(day, -big), PageUp: addMonths(day, big),
      Home: ctx.range.min, End: ctx.range.max,
    };
    if (!(ev.key in moves) || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    ev.preventDefault();
    ctx.player.stop(false);
    ctx.setDay(moves[ev.key]);
    ctx.bridgeSoon();
  }

  /** Year labels under the slider: the two ends plus each decade between them. */
  function createScale(ctx) {
    const { min, max } = ctx.range;
    const node = el('div', 'pm-time__scale');
    node.setAttribute('aria-hidden', 'true');
    const y0 = new Date(min * DAY_MS).getUTCFullYear();
    const y1 = new Date(max * DAY_MS).getUTCFullYear();
    const ticks = [{ day: min, end: 'start' }];
    for (let y = Math.ceil((y0 + 3) / 10) * 10; y <= y1 - 3; y += 10) ticks.push({ day: utcDay(y, 0, 1) });
    ticks.push({ day: max, end: 'end' });
    const labels = ticks.map((tk) => {
      const span = el('span', 'pm-time__year' + (tk.end ? ' pm-time__year--' + tk.end : ''));
      span.style.setProperty('--pm-f', String((tk.day - min) / Math.max(1, max - min)));
      node.append(span);
      return { span, day: tk.day };
    });
    function relabel() {
      for (const l of labels) l.span.textContent = ctx.text.dayWords(l.day, 'year');
    }
    return { node, relabel };
  }

  /** Event marks along the slider: thin ticks, one tab stop (roving tabindex), tooltip on hover/focus. */
  function createMarks(ctx, track, slider) {
    const { min, max } = ctx.range;
    const list = (ctx.payload.marks || [])
      .filter((m) => Number.isInteger(m.day) && m.day >= min && m.day <= max)
      .sort((a, b) => a.day - b.day);
    const strip = el('div', 'pm-marks');
    strip.setAttribute('role', 'group');
    const tip = el('div', 'pm-marks__tip');
    tip.setAttribute('aria-hidden', 'true');
    tip.hidden = true;
    const items = list.map((m, i) => {
      const b = button('pm-mark', () => {
        ctx.player.stop(false);
        ctx.setDay(m.day);
        ctx.bridgeNow();
      });
      b.style.setProperty('--pm-f', String((m.day - min) / Math.max(1, max - min)));
      b.tabIndex = i === 0 ? 0 : -1;
      b.addEventListener('keydown', (ev) => onMarkKey(ev, i));
      b.addEventListener('focus', () => { setRoving(i); showTip(b); });
      b.addEventListener('mouseenter', () => showTip(b));
      b.addEventListener('mouseleave', hideTip);
      b.addEventListener('blur', hideTip);
      strip.append(b);
      return { b, m };
    });
    if (items.length) {
      // built after the slider: placed before it, as if built first (the marks come first in tab order)
      track.insertBefore(strip, slider);
      track.insertBefore(tip, slider);
    }
    let current = [];

    function setRoving(i) {
      items.forEach((it, j) => { it.b.tabIndex = j === i ? 0 : -1; });
    }

    function onMarkKey(ev, i) {
      const next = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: items.length - 1 }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      const j = clamp(next, 0, items.length - 1);
      items[j].b.focus();
    }

    function showTip(b) {
      tip.textContent = b.getAttribute('aria-label');
      tip.hidden = false;
      const w = track.clientWidth;
      const center = b.offsetLeft + b.offsetWidth / 2;
      const half = tip.offsetWidth / 2;
      tip.style.left = clamp(center - half, 0, Math.max(0, w - tip.offsetWidth)) + 'px';
    }

    function hideTip() {
      tip.hidden = true;
    }

    function update(day) {
      for (const it of current) it.b.classList.remove('pm-is-current');
      current = items.filter((it) => it.m.day === day);
      for (const it of current) it.b.classList.add('pm-is-current');
    }

    function relabel() {
      const T = ctx.text;
      strip.setAttribute('aria-label', T.t('events'));
      for (const it of items) {
        it.b.setAttribute('aria-label', fill(T.t('event_mark'), { date: T.dayWords(it.m.day), label: T.pick(it.m.label) }));
      }
      if (!tip.hidden) hideTip();
    }

    return { update, relabel };
  }

  /** The play loop: ~1 month per 150 ms; stops at the end; never starts by itself. */
  function createPlayer(ctx) {
    let timer = null;
    function tick() {
      const next = addMonths(ctx.state.day, 1);
      if (next >= ctx.range.max) {
        ctx.setDay(ctx.range.max);
        stop(true);
      } else {
        ctx.setDay(next);
      }
    }
    function start() {
      if (timer) return;
      if (ctx.state.day >= ctx.range.max) ctx.setDay(ctx.range.min);
      timer = setInterval(tick, PLAY_TICK_MS);
      ctx.time.setPlaying(true);
    }
    function stop(send) {
      if (!timer) return;
      clearInterval(timer);
      timer = null;
      ctx.time.setPlaying(false);
      if (send !== false) ctx.bridgeNow();
      else ctx.bridgeSoon();
    }
    return { start, stop, toggle: () => (timer ? stop(true) : start()), playing: () => timer !== null };
  }

  // ---------------------------------------------------------------- layers + legend + settings

  function createLayersControl(ctx) {
    const root = el('section', 'pm-panel pm-layers');
    const toggle = button('pm-panel__toggle');
    const toggleIcon = svgHolder(ICONS.layers, 'pm-panel__icon');
    const toggleText = el('span', 'pm-panel__title');
    toggle.append(toggleIcon, toggleText, svgHolder(ICONS.chevron, 'pm-panel__chev'));
    const body = el('div', 'pm-panel__body');
    const settings = createSettings(ctx);
    // the language menu stays in the header: reachable even when the panel is folded
    const head = el('div', 'pm-panel__head');
    head.append(toggle, settings.select);
    root.append(head, body);

    const layerBox = el('fieldset', 'pm-layers__list');
    const layerLegend = el('legend', 'pm-sr');
    layerBox.append(layerLegend);
    const rows = [...ctx.payload.layers].sort((a, b) => a.order - b.order).map((def) => {
      const row = el('label', 'pm-layer');
      const input = el('input');
      input.type = 'checkbox';
      input.value = def.id;
      input.addEventListener('change', () => {
        ctx.toggleLayer(def.id, input.checked);
        ctx.bridgeNow();
      });
      const sw = el('span', 'pm-layer__swatch');
      sw.style.backgroundColor = safeColor(def.color);
      const text = el('span', 'pm-layer__text');
      row.append(input, sw, text);
      layerBox.append(row);
      return { def, row, input, text };
    });
    const legend = createLegend(ctx);
    body.append(layerBox, legend.node, settings.node);

    const narrow = ctx.map.getSize().x < NARROW_PX;
    const panel = collapsible(root, toggle, body, !narrow);

    function sync() {
      for (const r of rows) r.input.checked = ctx.state.layers.has(r.def.id);
    }

    function relabel() {
      const T = ctx.text;
      toggleText.textContent = T.t('layers');
      toggle.title = T.t('layers') + ' · ' + T.t('legend');
      layerLegend.textContent = T.t('layers');
      for (const r of rows) {
        r.text.textContent = T.pick(r.def.title);
        const d = T.pick(r.def.description);
        if (d) r.row.title = d; else r.row.removeAttribute('title');
      }
      legend.relabel();
      settings.relabel();
    }

    return { node: root, sync, relabel, panel };
  }

  function createLegend(ctx) {
    const node = el('div', 'pm-legend');
    const h = el('h3', 'pm-h');
    const ul = el('ul', 'pm-legend__list');
    node.append(h, ul);
    // kinds drawn with the same symbol (e.g. the three area kinds) share one legend line
    const groups = new Map();
    for (const k of ctx.payload.kinds || []) {
      const svg = legendSvg(k.id);
      if (!groups.has(svg)) groups.set(svg, []);
      groups.get(svg).push(k);
    }
    // single-kind lines first (they pair up in two columns), merged lines after them
    const ordered = [...groups].sort((a, b) => (a[1].length > 1) - (b[1].length > 1));
    const items = ordered.map(([svg, kinds]) => {
      const li = el('li', 'pm-legend__item' + (kinds.length > 1 ? ' pm-legend__item--wide' : ''));
      const label = el('span');
      li.append(svgHolder(svg, 'pm-legend__sym'), label);
      ul.append(li);
      return { kinds, label };
    });
    const approxLi = el('li', 'pm-legend__item pm-legend__item--approx');
    const approxLabel = el('span');
    approxLi.append(svgHolder(approxLegendSvg(), 'pm-legend__sym'), approxLabel);
    ul.append(approxLi);
    function relabel() {
      h.textContent = ctx.text.t('legend');
      for (const it of items) it.label.textContent = it.kinds.map((k) => ctx.text.pick(k.label)).join(' / ');
      approxLabel.textContent = ctx.text.t('approximate_legend');
    }
    return { node, relabel };
  }

  function createSettings(ctx) {
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

  // ---------------------------------------------------------------- text alternative (table)

  function createListControl(ctx) {
    const root = el('section', 'pm-panel pm-list');
    const toggle = button('pm-panel__toggle');
    const toggleText = el('span', 'pm-panel__title');
    const count = el('span', 'pm-list__count');
    toggle.append(svgHolder(ICONS.list, 'pm-panel__icon'), toggleText, count);
    const body = el('div', 'pm-panel__body');
    const table = el('table', 'pm-table');
    const caption = el('caption', 'pm-table__caption');
    const thead = el('thead');
    const headRow = el('tr');
    const heads = ['col_name', 'col_kind', 'col_dates', 'col_layer'].map((key) => {
      const th = el('th');
      th.scope = 'col';
      headRow.append(th);
      return { th, key };
    });
    thead.append(headRow);
    const tbody = el('tbody');
    table.append(caption, thead, tbody);
    const empty = el('p', 'pm-list__empty');
    body.append(table, empty);
    root.append(toggle, body);
    // the rows (the panel starts folded) are built after the first frame, or when the list is opened before that
    let rows = null;
    const panel = collapsible(root, toggle, body, false, (open) => {
      if (open) ensureRows();
      toggleText.textContent = ctx.text.t(open ? 'hide_list' : 'show_list');
      // wide screens: the list and the chapter share the left column; one of them at a time
      if (open && ctx.chapterCtl && ctx.map.getSize().x >= NARROW_PX) ctx.chapterCtl.panel.setOpen(false);
      ctx.fitSoon();
    });

    function update(day) {
      let n = 0;
      for (const en of ctx.entries) if (en.on) n += 1;
      caption.textContent = fill(ctx.text.t('on_map_title'), { date: ctx.text.dayWords(day) });
      count.textContent = String(n);
      empty.hidden = n > 0;
      table.hidden = n === 0;
    }

    /** Relabels the rows and puts them in order (by layer, start, name in the current language). */
    function relabelRows() {
      const T = ctx.text;
      for (const r of rows) r.relabel();
      rows.sort((a, b) => a.entry.order - b.entry.order || a.entry.s - b.entry.s ||
        T.compare(T.name(a.entry.f), T.name(b.entry.f)));
      tbody.replaceChildren(...rows.map((r) => r.tr));
    }

    /** Builds the table rows (once), each shown when its feature is on the map. */
    function ensureRows() {
      if (rows) return;
      rows = ctx.entries.map((entry) => makeRow(entry, ctx));
      relabelRows();
    }

    function relabel() {
      const T = ctx.text;
      for (const h of heads) h.th.textContent = T.t(h.key);
      toggleText.textContent = T.t(panel.isOpen() ? 'hide_list' : 'show_list');
      empty.textContent = T.t('on_map_empty');
      if (rows) relabelRows();
      update(ctx.state.day);
    }

    return { node: root, update, relabel, panel, body, ensureRows };
  }

  function makeRow(entry, ctx) {
    const tr = el('tr', 'pm-row');
    tr.hidden = !entry.on;
    const nameCell = el('th');
    nameCell.scope = 'row';
    const nameBtn = button('pm-linkbtn');
    const sym = svgHolder(legendSvgColored(entry.f.kind, entry.color), 'pm-row__sym');
    const nameText = el('span');
    nameBtn.append(sym, nameText);
    nameCell.append(nameBtn);
    const kind = el('td');
    const dates = el('td');
    const layer = el('td');
    tr.append(nameCell, kind, dates, layer);
    tr.addEventListener('click', () => ctx.openFeature(entry));
    entry.row = tr;
    function relabel() {
      const T = ctx.text;
      nameText.textContent = T.name(entry.f);
      kind.textContent = T.kind(entry.f.kind);
      dates.textContent = T.rangeShort(entry.f);
      layer.textContent = T.layerTitle(entry.f.layer);
    }
    return { tr, entry, relabel };
  }

  // ---------------------------------------------------------------- tools: measure, presentation

  /** Two icon buttons beside the zoom control: measure (toggle) and presentation mode (toggle). */
  function createTools(ctx) {
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
    return { node: root, measureBtn, presentBtn, relabel };
  }

  /** A representative point [lat, lon] of a geometry: the point, a line's first vertex, a polygon's bbox centre. */
  function representativePoint(g) {
    if (!g || !g.coordinates) return null;
    const c = g.coordinates;
    if (g.type === 'Point') return [c[1], c[0]];
    if (g.type === 'MultiPoint' || g.type === 'LineString') return c.length ? [c[0][1], c[0][0]] : null;
    if (g.type === 'MultiLineString') return c.length && c[0].length ? [c[0][0][1], c[0][0][0]] : null;
    if (isAreaGeometry(g.type)) {
      let x0 = Infinity; let y0 = Infinity; let x1 = -Infinity; let y1 = -Infinity;
      const rings = g.type === 'Polygon' ? c : c.flat();
      for (const ring of rings) {
        for (const [x, y] of ring) {
          if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
        }
      }
      return Number.isFinite(x0) ? [(y0 + y1) / 2, (x0 + x1) / 2] : null;
    }
    return null;
  }

  /**
   * Measuring: clicks on the map add points; a dashed line (along the great circle) joins them; the running total
   * (Vincenty, WGS84) is announced in a live region. Double-click or Enter finishes, Escape cancels. Keyboard
   * alternative: two menus of the features on the map ("from", "to").
   */
  function createMeasure(ctx) {
    // the panel is hidden until measuring starts: its place among the controls is kept from mount, its content and
    // the map layers are built after the first frame (or by start(), whichever comes first)
    const root = el('section', 'pm-panel pm-measure');
    root.hidden = true;
    let impl = null;
    function ensure() {
      if (!impl) {
        impl = buildMeasure(ctx, root);
        impl.relabel();
      }
      return impl;
    }
    return {
      node: root,
      ensure,
      start: () => ensure().start(),
      stop: () => { if (impl) impl.stop(); },
      finish: () => (impl ? impl.finish() : false),
      addPoint: (latlng) => { if (impl) impl.addPoint(latlng); },
      relabel: () => { if (impl) impl.relabel(); },
      update: () => { if (impl) impl.update(); },
      active: () => !!impl && impl.active(),
      distanceKm: () => (impl ? impl.distanceKm() : null),
      points: () => (impl ? impl.points() : []),
    };
  }

  function buildMeasure(ctx, root) {
    const map = ctx.map;
    const head = el('div', 'pm-measure__head');
    const title = el('h2', 'pm-measure__title');
    title.id = 'pm-measure-title-' + ctx.uid;
    root.setAttribute('aria-labelledby', title.id);
    const closeBtn = button('pm-btn pm-measure__close', () => stop());
    closeBtn.append(svgHolder(ICONS.close));
    head.append(title, closeBtn);
    const hint = el('p', 'pm-measure__hint');
    const result = el('p', 'pm-measure__result');
    result.setAttribute('role', 'status');
    result.setAttribute('aria-live', 'polite');
    result.setAttribute('aria-atomic', 'true');
    const pair = el('div', 'pm-measure__pair');
    const makePick = (cls) => {
      const label = el('label', 'pm-measure__label');
      const text = el('span', 'pm-measure__labeltext');
      const select = el('select', 'pm-select pm-measure__select ' + cls);
      label.append(text, select);
      pair.append(label);
      select.addEventListener('change', onPair);
      return { text, select };
    };
    const from = makePick('pm-measure__from');
    const to = makePick('pm-measure__to');
    root.append(head, hint, pair, result);

    if (!map.getPane('pm-measure')) map.createPane('pm-measure').style.zIndex = '640';
    const group = L.layerGroup();
    const line = L.polyline([], { pane: 'pm-measure', interactive: false, color: '#1a1a1a', weight: 3, dashArray: '8 7',
      lineCap: 'butt', className: 'pm-measure-line' });
    const halo = L.polyline([], { pane: 'pm-measure', interactive: false, color: '#ffffff', weight: 7, opacity: 0.85,
      className: 'pm-measure-halo' });
    const guide = L.polyline([], { pane: 'pm-measure', interactive: false, color: '#1a1a1a', weight: 2, dashArray: '3 6',
      opacity: 0.8, className: 'pm-measure-guide' });
    const label = L.tooltip({ permanent: true, direction: 'right', offset: [10, 0], className: 'pm-tip pm-measure-tip',
      pane: 'pm-measure' });
    group.addLayer(halo).addLayer(line).addLayer(guide);
    let active = false;
    let finished = false;
    let points = [];
    let vertices = [];
    let dblZoomWas = true;
    let pairEntries = [];

    function totalKm() {
      let km = 0;
      for (let i = 1; i < points.length; i += 1) {
        km += geodesicKm(points[i - 1].lat, points[i - 1].lng, points[i].lat, points[i].lng);
      }
      return km;
    }

    function resultText(km) {
      return fill(ctx.text.t('measure_result'), { value: ctx.text.km1(km) });
    }

    function redraw() {
      const path = [];
      for (let i = 1; i < points.length; i += 1) {
        const km = geodesicKm(points[i - 1].lat, points[i - 1].lng, points[i].lat, points[i].lng);
        const seg = greatCircle(points[i - 1], points[i], clamp(Math.ceil(km / 25), 1, 64));
        path.push(...(i === 1 ? seg : seg.slice(1)));
      }
      if (points.length === 1) path.push(points[0]);
      line.setLatLngs(path);
      halo.setLatLngs(path);
      for (const v of vertices) group.removeLayer(v);
      vertices = points.map((p) => L.circleMarker(p, { pane: 'pm-measure', interactive: false, radius: 4.5, weight: 2,
        color: '#1a1a1a', fillColor: '#ffffff', fillOpacity: 1 }));
      for (const v of vertices) group.addLayer(v);
      if (points.length >= 2) {
        label.setContent(el('span', 'pm-tip__body', resultText(totalKm())));
        label.setLatLng(points[points.length - 1]);
        if (!map.hasLayer(label)) label.addTo(map);
      } else if (map.hasLayer(label)) {
        map.removeLayer(label);
      }
      announce();
    }

    function announce() {
      result.textContent = points.length >= 2 ? resultText(totalKm()) : '';
    }

    function clearPoints() {
      points = [];
      finished = false;
      guide.setLatLngs([]);
      redraw();
    }

    function addPoint(latlng) {
      if (!active) return;
      if (finished) clearPoints();
      const ll = L.latLng(latlng.lat, latlng.lng);
      const last = points[points.length - 1];
      // the two clicks of a double-click land on the same spot: count the point once
      if (last && map.latLngToContainerPoint(last).distanceTo(map.latLngToContainerPoint(ll)) < MEASURE_DEDUPE_PX) return;
      points.push(ll);
      from.select.value = '';
      to.select.value = '';
      redraw();
    }

    function finish() {
      if (!active || points.length < 2) return false;
      finished = true;
      guide.setLatLngs([]);
      announce();
      return true;
    }

    function onMapClick(e) {
      addPoint(e.latlng);
    }

    function onMove(e) {
      if (finished || !points.length) return;
      guide.setLatLngs([points[points.length - 1], e.latlng]);
    }

    function onDblClick(e) {
      L.DomEvent.stop(e);
      finish();
    }

    /** The features on the map now, by name, as the keyboard alternative's options. */
    function fillPairs() {
      if (!active) return;
      const T = ctx.text;
      const keep = [from.select.value, to.select.value].map((v) => (v === '' ? null : pairEntries[+v]));
      pairEntries = ctx.entries.filter((en) => en.on && en.f.g && representativePoint(en.f.g))
        .sort((a, b) => T.compare(T.name(a.f), T.name(b.f)));
      for (const [i, pick] of [from, to].entries()) {
        const blank = el('option', null, T.t('measure_pick'));
        blank.value = '';
        const opts = pairEntries.map((en, j) => {
          const o = el('option', null, T.name(en.f));
          o.value = String(j);
          return o;
        });
        pick.select.replaceChildren(blank, ...opts);
        const j = keep[i] ? pairEntries.indexOf(keep[i]) : -1;
        pick.select.value = j >= 0 ? String(j) : '';
      }
    }
    const fillPairsSoon = debounce(fillPairs, 200);

    function onPair() {
      if (from.select.value === '' || to.select.value === '') return;
      const a = representativePoint(pairEntries[+from.select.value].f.g);
      const b = representativePoint(pairEntries[+to.select.value].f.g);
      points = [L.latLng(a[0], a[1]), L.latLng(b[0], b[1])];
      finished = true;
      guide.setLatLngs([]);
      redraw();
    }

    function start() {
      if (active) return;
      active = true;
      ctx.map.closePopup();
      if (map.getSize().x < NARROW_PX) {
        // phones: the measure panel needs the room the other panels take
        ctx.layersCtl.panel.setOpen(false);
        ctx.list.panel.setOpen(false);
        if (ctx.chapterCtl) ctx.chapterCtl.panel.setOpen(false);
      }
      root.hidden = false;
      map.getContainer().classList.add('pm-measuring');
      dblZoomWas = map.doubleClickZoom.enabled();
      map.doubleClickZoom.disable();
      group.addTo(map);
      map.on('click', onMapClick);
      map.on('mousemove', onMove);
      map.on('dblclick', onDblClick);
      clearPoints();
      fillPairs();
      ctx.tools.relabel();
      ctx.fitSoon();
    }

    /** Leaves measuring and clears the line; focus goes back to the measure button when it was in the panel. */
    function stop() {
      if (!active) return;
      const refocus = root.contains(document.activeElement) || document.activeElement === map.getContainer();
      clearPoints();
      active = false;
      root.hidden = true;
      map.getContainer().classList.remove('pm-measuring');
      if (dblZoomWas) map.doubleClickZoom.enable();
      group.remove();
      if (map.hasLayer(label)) map.removeLayer(label);
      map.off('click', onMapClick);
      map.off('mousemove', onMove);
      map.off('dblclick', onDblClick);
      ctx.tools.relabel();
      ctx.fitSoon();
      if (refocus && ctx.tools.measureBtn.offsetParent) ctx.tools.measureBtn.focus({ preventScroll: true });
    }

    function relabel() {
      const T = ctx.text;
      title.textContent = T.t('measure');
      hint.textContent = T.t('measure_hint');
      from.text.textContent = T.t('measure_from');
      to.text.textContent = T.t('measure_to');
      closeBtn.setAttribute('aria-label', T.t('measure_stop'));
      closeBtn.title = T.t('measure_stop');
      fillPairs();
      if (points.length >= 2) {
        label.setContent(el('span', 'pm-tip__body', resultText(totalKm())));
        announce();
      }
    }

    return {
      start, stop, finish, addPoint, relabel,
      update: () => { if (active) fillPairsSoon(); },
      active: () => active,
      distanceKm: () => (points.length >= 2 ? totalKm() : null),
      points: () => points.map((p) => [p.lat, p.lng]),
    };
  }

  // ---------------------------------------------------------------- chapters (teaching)

  function createChapters(ctx) {
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
    const panel = collapsible(root, toggle, body, ctx.map.getSize().x >= NARROW_PX, (open) => {
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

    return { node: root, panel, update, relabel, step, body };
  }

  // ---------------------------------------------------------------- credit line

  function creditText(ctx) {
    const T = ctx.text;
    const ds = ctx.payload.dataset || {};
    const asOf = ds.data_as_of ? T.withDate('data_as_of', T.partialWords(ds.data_as_of)) : '';
    const vars = { title: ds.title || '', version: ds.version || '', as_of: asOf, date: asOf,
      credit: ds.basemap_credit || '' };
    // "Data: {title} v{version}" (+ ", data as of …" unless the template places it itself)
    const dataTpl = T.t('credit_data');
    let data = /\{title\}/.test(dataTpl) ? fill(dataTpl, vars) : dataTpl.trim() + ' ' + vars.title + ' v' + vars.version;
    if (asOf && !/\{(as_of|date)\}/.test(dataTpl)) data += ', ' + asOf;
    // "Basemap: Made with Natural Earth" is complete; a bare "Basemap:" gets the dataset's basemap credit
    const bmTpl = T.t('credit_basemap');
    const basemap = /\{credit\}/.test(bmTpl) ? fill(bmTpl, vars)
      : /[:：]\s*$/.test(bmTpl) ? bmTpl.trim() + ' ' + vars.credit : bmTpl;
    return data + ' · ' + basemap;
  }

  function createCredit(ctx) {
    let control = ctx.map.attributionControl;
    if (!control) control = L.control.attribution().addTo(ctx.map);
    let current = null;
    function relabel() {
      const html = '<span class="pm-credit">' + escapeHtml(creditText(ctx)) + '</span>';
      if (current) control.removeAttribution(current);
      control.addAttribution(html);
      current = html;
    }
    return { relabel };
  }

  // ---------------------------------------------------------------- location.hash

  /** Reads "#date=YYYY-MM-DD&lang=ru&layers=a,b&swap=1&chapter=2"; bad values are ignored with a warning. */
  function readHash(ctx) {
    const out = {};
    const raw = String((global.location && global.location.hash) || '').replace(/^#/, '');
    if (!raw) return out;
    const params = new URLSearchParams(raw);
    const warn = (what) => global.console.warn('presence map: ignoring ' + what + ' in the URL hash');
    if (params.has('date')) {
      const day = isoToDay(params.get('date'));
      if (day === null) warn('date "' + params.get('date') + '"');
      else out.day = day;
    }
    if (params.has('lang')) {
      const lang = params.get('lang');
      if (ctx.langCodes.has(lang)) out.lang = lang; else warn('language "' + lang + '"');
    }
    if (params.has('layers')) {
      const ids = params.get('layers').split(',').filter(Boolean);
      const bad = ids.filter((id) => !ctx.layerById.has(id));
      if (bad.length) warn('unknown layers ' + bad.join(','));
      out.layers = ids.filter((id) => ctx.layerById.has(id));
    }
    if (params.has('chapter')) {
      const n = Number(params.get('chapter'));
      const total = (ctx.payload.chapters || []).length;
      if (Number.isInteger(n) && n >= 1 && n <= total) out.chapter = n; else warn('chapter "' + params.get('chapter') + '"');
    }
    if (params.has('swap')) {
      const v = params.get('swap');
      if (v === '1' || v === 'true') out.swap = true;
      else if (v === '0' || v === 'false') out.swap = false;
      else warn('swap "' + v + '"');
    }
    return out;
  }

  // ---------------------------------------------------------------- Streamlit bridge

  /**
   * Inside a Streamlit component frame (its URL carries streamlitUrl=), say "ready" as soon as this script runs, not
   * after the data is parsed and the map built: Streamlit's first render message (the reader's link: date, layers,
   * language) is then already waiting when the map is mounted. Messages are kept until the bridge takes over.
   */
  const early = { ready: false, messages: [] };
  if (global.parent && global.parent !== global && /[?&]streamlitUrl=/.test(global.location.search)) {
    early.listener = (ev) => { if (ev.source === global.parent) early.messages.push(ev); };
    global.addEventListener('message', early.listener);
    global.parent.postMessage({ isStreamlitMessage: true, type: 'streamlit:componentReady', apiVersion: 1 }, '*');
    early.ready = true;
  }

  function createBridge(ctx) {
    const parent = global.parent;
    const enabled = !!(ctx.payload.options && ctx.payload.options.bridge) && parent && parent !== global;
    let prevArgs = {};
    let lastView = null;
    let rendered = false; // say nothing until the first render's args are applied (they carry the reader's link)
    let firstRender = () => {};
    // resolves once the first render's args are applied (at once outside Streamlit): only then is the map "ready"
    const firstRenderDone = new Promise((resolve) => { firstRender = resolve; });
    const post = (msg) => parent.postMessage(Object.assign({ isStreamlitMessage: true }, msg), '*');

    function send() {
      if (!enabled || !rendered) return;
      const state = ctx.getState();
      lastView = state.view;
      post({ type: 'streamlit:setComponentValue', dataType: 'json', value: state });
    }

    function applyArgs(args) {
      const changed = (k) => args[k] !== null && args[k] !== undefined && !sameJson(args[k], prevArgs[k]);
      if (changed('lang') && ctx.langCodes.has(args.lang)) ctx.setLanguage(args.lang);
      if (changed('swap')) ctx.setSwap(!!args.swap);
      if (changed('layers') && Array.isArray(args.layers)) ctx.setLayers(args.layers.filter((id) => ctx.layerById.has(id)));
      if (changed('day')) {
        const day = typeof args.day === 'string' ? isoToDay(args.day) : args.day;
        if (Number.isFinite(day)) ctx.setDay(clamp(day, ctx.range.min, ctx.range.max));
      }
      if (changed('view') && args.view && Number.isFinite(args.view.lat)) {
        lastView = viewOf(args.view);
        ctx.map.setView([args.view.lat, args.view.lon], args.view.zoom);
      }
      // a chapter sets date, layers and view itself, so it is applied last (and only when it changed)
      if (changed('chapter') && Number.isInteger(args.chapter) && args.chapter >= 1 && args.chapter <= ctx.chapters.length) {
        ctx.goToChapter(args.chapter, { instant: true, send: false });
        lastView = viewOf(ctx.getState().view);
      }
      if (changed('presentation')) ctx.setPresentation(!!args.presentation);
      prevArgs = args;
    }

    function onMessage(ev) {
      if (ev.source !== parent || !ev.data || ev.data.type !== 'streamlit:render') return;
      const args = ev.data.args || {};
      applyArgs(args);
      if (!rendered) firstRender();
      rendered = true;
      const height = Number.isFinite(args.height) ? args.height : document.documentElement.scrollHeight;
      post({ type: 'streamlit:setFrameHeight', height });
    }

    const sendSoon = debounce(send, SEND_DEBOUNCE_MS);
    const onMove = debounce(() => {
      const v = viewOf(ctx.getState().view);
      if (!sameJson(v, lastView)) send();
    }, MOVE_DEBOUNCE_MS);

    if (enabled) {
      global.addEventListener('message', onMessage);
      ctx.map.on('moveend', onMove);
      if (early.ready) {
        global.removeEventListener('message', early.listener);
        for (const ev of early.messages.splice(0)) onMessage(ev);
      } else {
        post({ type: 'streamlit:componentReady', apiVersion: 1 });
      }
    }
    if (!enabled) firstRender();
    return { now: send, soon: enabled ? sendSoon : () => {}, firstRenderDone };
  }

  function viewOf(v) {
    return { lat: +(+v.lat).toFixed(5), lon: +(+v.lon).toFixed(5), zoom: +v.zoom };
  }

  // ---------------------------------------------------------------- the controller

  function createPanes(map) {
    const panes = [['pm-basemap', 250], ['pm-areas', 410], ['pm-lines', 420]];
    for (const [name, z] of panes) {
      if (!map.getPane(name)) map.createPane(name).style.zIndex = String(z);
    }
  }

  function initialState(payload, ctx) {
    const init = payload.initial || {};
    const state = {
      day: Number.isFinite(init.day) ? init.day : ctx.range.max,
      lang: ctx.langCodes.has(init.lang) ? init.lang : (payload.languages && payload.languages[0] ? payload.languages[0].code : 'en'),
      layers: new Set(Array.isArray(init.layers) ? init.layers : payload.layers.map((l) => l.id)),
      swap: !!init.swap,
      chapter: null,
      presenting: false,
    };
    const hash = readHash(ctx);
    ctx.hashChapter = hash.chapter || null;
    if (hash.day !== undefined) state.day = hash.day;
    if (hash.lang) state.lang = hash.lang;
    if (hash.layers) state.layers = new Set(hash.layers);
    if (hash.swap !== undefined) state.swap = hash.swap;
    state.day = clamp(Math.round(state.day), ctx.range.min, ctx.range.max);
    return state;
  }

  function ensureView(map, view) {
    try {
      map.getCenter();
    } catch (err) {
      // the map has no view yet (not created by folium with a location): use the payload's
      if (view) map.setView([view.lat, view.lon], view.zoom);
    }
  }

  function validatePayload(payload) {
    if (!payload || typeof payload !== 'object') throw new Error('PresenceMap.mount: payload must be an object');
    if (payload.schema !== 1) global.console.warn('PresenceMap: payload schema ' + payload.schema + ', expected 1');
    const r = payload.range || {};
    if (!Number.isInteger(r.min) || !Number.isInteger(r.max) || r.min > r.max) {
      throw new Error('PresenceMap.mount: payload.range needs integer min <= max (day numbers)');
    }
  }

  /**
   * Expand the compact wire format in place: sources are shared (features and figures hold indices into
   * payload.sources); layer titles and kind labels come from the strings of each language; event marks take
   * their label from their feature's name.
   */
  function normalizePayload(payload) {
    const sources = Array.isArray(payload.sources) ? payload.sources : [];
    const src = (i) => (typeof i === 'number' ? sources[i] : i);
    const strings = payload.strings || {};
    const langs = Object.keys(strings);
    const perLang = (key, fallback) => {
      const out = {};
      for (const code of langs) out[code] = (strings[code] || {})[key] || fallback;
      return out;
    };
    for (const f of payload.features || []) {
      f.sources = (f.sources || []).map(src).filter(Boolean);
      for (const fig of f.figures || []) fig.source = src(fig.source);
    }
    for (const layer of payload.layers || []) {
      if (typeof layer.title !== 'object') layer.title = perLang('layer.' + layer.id, layer.title || layer.id);
      if (typeof layer.description !== 'object') {
        layer.description = perLang('layer_description.' + layer.id, layer.description || '');
      }
    }
    for (const kind of payload.kinds || []) {
      if (typeof kind.label !== 'object') kind.label = perLang('kind.' + kind.id, kind.label || kind.id);
    }
    payload.chapters = (Array.isArray(payload.chapters) ? payload.chapters : [])
      .filter((ch) => ch && Number.isInteger(ch.day))
      .sort((a, b) => a.number - b.number);
    payload.chapters.forEach((ch, i) => {
      ch.number = i + 1;
      ch.sources = (ch.sources || []).map(src).filter(Boolean);
    });
    const byId = new Map((payload.features || []).map((f) => [f.id, f]));
    for (const mark of payload.marks || []) {
      if (!mark.label && byId.has(mark.id)) mark.label = byId.get(mark.id).name;
    }
    return payload;
  }

  function Controller(map, payload) {
    validatePayload(payload);
    normalizePayload(payload);
    const ctx = this;
    ctx.uid = ++uid;
    ctx.map = map;
    ctx.payload = payload;
    payload.layers = payload.layers || [];
    ctx.range = { min: payload.range.min, max: payload.range.max };
    ctx.layerById = new Map(payload.layers.map((l) => [l.id, l]));
    ctx.langCodes = new Set((payload.languages || []).map((l) => l.code));
    if (!ctx.langCodes.size) ctx.langCodes.add('en');
    ctx.chapters = payload.chapters;
    ctx.state = initialState(payload, ctx);
    ctx.text = makeText(payload, ctx.state);
    ctx.popupEntry = null;
    ctx.tiles = null;
  }

  /**
   * Builds what the first picture needs: the basemap, the features shown on the opening day (their layers, popups
   * and tooltips), every control in its place with its labels, the bridge (a Streamlit link is applied now). What
   * the reader cannot see in the first frame is left to complete(), which mount runs right after it.
   */
  Controller.prototype.build = function build() {
    const ctx = this;
    const map = ctx.map;
    ctx.completed = false;
    ctx.whenComplete = new Promise((resolve, reject) => {
      ctx.resolveComplete = resolve;
      ctx.rejectComplete = reject;
    });
    map.getContainer().classList.add('pm-root');
    ensureView(map, ctx.payload.initial && ctx.payload.initial.view);
    createPanes(map);
    ctx.bindBasemapTips = drawBasemap(ctx);
    ctx.entries = buildEntries(ctx);
    ctx.popup = L.popup({ maxWidth: 360, minWidth: 240, className: 'pm-popup', autoPanPadding: [24, 24] });
    map.on('popupclose', (e) => { if (e.popup === ctx.popup) ctx.onPopupClose(); });
    // Escape inside an open popup closes it (Leaflet only does this while the map itself has focus)
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && ctx.popupEntry && ctx.popup.getElement() &&
          ctx.popup.getElement().contains(document.activeElement)) {
        map.closePopup(ctx.popup);
        ev.preventDefault();
      }
    });
    map.on('popupopen', (e) => ctx.labelPopup(e.popup));
    ctx.time = createTimeControl(ctx);
    ctx.player = createPlayer(ctx);
    ctx.layersCtl = createLayersControl(ctx);
    ctx.list = createListControl(ctx);
    ctx.credit = createCredit(ctx);
    ctx.tools = createTools(ctx);
    ctx.measure = createMeasure(ctx);
    ctx.chapterCtl = ctx.chapters.length ? createChapters(ctx) : null;
    makeControl('topright', ctx.layersCtl.node).addTo(map);
    makeControl('topleft', ctx.tools.node).addTo(map);
    makeControl('topleft', ctx.measure.node).addTo(map);
    makeControl('topleft', ctx.list.node).addTo(map);
    makeControl('bottomright', ctx.time.node).addTo(map);
    if (ctx.chapterCtl) {
      ctx.chapterControl = makeControl(ctx.map.getSize().x < NARROW_PX ? 'bottomright' : 'topleft', ctx.chapterCtl.node);
      ctx.chapterControl.addTo(map);
      map.on('resize', () => ctx.placeChapters());
    } else {
      map.on('resize', () => ctx.fitSoon());
    }
    ctx.bridge = createBridge(ctx);
    ctx.layersCtl.sync();
    ctx.refresh();
    ctx.relabel();
    document.addEventListener('keydown', (ev) => ctx.onKey(ev));
    document.addEventListener('fullscreenchange', () => ctx.onFullscreenChange());
    if (ctx.hashChapter) ctx.goToChapter(ctx.hashChapter, { instant: true, send: false });
  };

  /**
   * The rest of the build, none of it seen in the first frame: basemap tooltips, the layers of the features not on
   * the map yet (so a date change later only adds and removes), the list table's rows (the list starts folded), the
   * event marks under the slider, the measure panel, and the panel heights (fitPanels, a layout read). Runs once;
   * each part is also built on demand when something needs it earlier.
   */
  Controller.prototype.complete = function complete() {
    if (this.completed) return;
    this.completed = true;
    try {
      if (this.bindBasemapTips) this.bindBasemapTips();
      this.bindBasemapTips = null;
      for (const en of this.entries) ensureLayer(en, this);
      this.list.ensureRows();
      this.time.ensureMarks();
      this.measure.ensure();
      this.fitPanels();
    } catch (err) {
      this.rejectComplete(err);
      throw err;
    }
    this.resolveComplete();
  };

  /** Runs complete() after the first frame is drawn (a timer queued from the frame), or soon if no frame comes. */
  Controller.prototype.completeSoon = function completeSoon() {
    let queued = false;
    const run = () => {
      if (queued) return;
      queued = true;
      global.setTimeout(() => {
        try {
          this.complete();
        } catch (err) {
          global.console.error(err);
        }
      }, 0);
    };
    // no frames in a background tab or without requestAnimationFrame: then just after this task
    if (document.hidden || !global.requestAnimationFrame) run();
    else {
      global.requestAnimationFrame(run);
      global.setTimeout(run, 300);
    }
  };

  /**
   * The open bodies of the left column (list, chapter) are limited to the room above the time
   * control, so nothing slides under it whatever else is open (measure panel, presentation type sizes).
   */
  Controller.prototype.fitPanels = function fitPanels() {
    const bodies = [this.list.body];
    if (this.chapterCtl && this.chapterControl.getPosition() === 'topleft') bodies.push(this.chapterCtl.body);
    // nothing to measure when every body is folded: no layout is forced then
    if (bodies.every((body) => body.hidden)) {
      for (const body of bodies) body.style.maxHeight = '';
      return;
    }
    // the lowest free line: the top of the time control, or of the chapter panel when it sits above it (phones)
    const bottomChap = this.chapterCtl && this.chapterControl.getPosition() === 'bottomright' && this.chapterCtl.node.offsetParent;
    const limit = (bottomChap ? this.chapterCtl.node : this.time.node).getBoundingClientRect().top - 10;
    for (const body of bodies) {
      body.style.maxHeight = '';
      if (body.hidden || !body.offsetParent) continue;
      const top = body.getBoundingClientRect().top;
      const cs = global.getComputedStyle(body);
      const css = parseFloat(cs.maxHeight);
      // max-height is a content-box height: padding and borders come on top of it
      const extra = cs.boxSizing === 'border-box' ? 0 : ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth']
        .reduce((sum, k) => sum + (parseFloat(cs[k]) || 0), 0);
      const room = Math.floor(limit - top - extra);
      body.style.maxHeight = Math.max(72, Number.isFinite(css) ? Math.min(css, room) : room) + 'px';
    }
  };

  Controller.prototype.fitSoon = function fitSoon() {
    // before complete() (which fits the panels itself) nothing is measured: no layout before the first frame
    if (this.fitFrame || !this.completed) return;
    this.fitFrame = global.requestAnimationFrame(() => {
      this.fitFrame = 0;
      this.fitPanels();
    });
  };

  /** Wide screens: the chapter panel under the list button; phones: above the time control, folded. */
  Controller.prototype.placeChapters = function placeChapters() {
    const want = this.map.getSize().x < NARROW_PX ? 'bottomright' : 'topleft';
    if (this.chapterControl.getPosition() === want) {
      this.fitSoon();
      return;
    }
    const hadFocus = this.chapterCtl.node.contains(document.activeElement) ? document.activeElement : null;
    this.chapterControl.setPosition(want);
    if (hadFocus) hadFocus.focus({ preventScroll: true });
    this.fitSoon();
  };

  /**
   * The map centre that puts `latlng` in the middle of the part of the map the panels leave free (right of the
   * chapter panel, above the time control), at `zoom`.
   */
  Controller.prototype.visibleCenter = function visibleCenter(latlng, zoom) {
    const mapBox = this.map.getContainer().getBoundingClientRect();
    const size = this.map.getSize();
    let dx = 0;
    let dy = 0;
    const chap = this.chapterCtl && this.chapterCtl.node;
    if (chap && chap.offsetParent && this.chapterControl.getPosition() === 'topleft' && this.chapterCtl.panel.isOpen()) {
      const right = chap.getBoundingClientRect().right - mapBox.left;
      if (right < size.x * 0.6) dx = right / 2;
    }
    const legend = this.layersCtl && this.layersCtl.node;
    if (dx && legend && legend.offsetParent && this.layersCtl.panel.isOpen()) {
      const left = legend.getBoundingClientRect().left - mapBox.left;
      if (left > size.x * 0.4) dx -= (size.x - left) / 2; // centre between the chapter and the legend panels
    }
    const time = this.time.node;
    if (time.offsetParent) dy = Math.max(0, mapBox.bottom - time.getBoundingClientRect().top) / 2;
    if (!dx && !dy) return latlng;
    return this.map.unproject(this.map.project(latlng, zoom).subtract([dx, -dy]), zoom);
  };

  function prefersReducedMotion() {
    return !!(global.matchMedia && global.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }

  /**
   * Opens chapter n (1-based): its date, exactly its layers, its view (flyTo, or an instant jump when the reader
   * prefers reduced motion). Fires "presence:chapterchange" on document.
   */
  Controller.prototype.goToChapter = function goToChapter(n, opts) {
    const o = opts || {};
    const ch = this.chapters[n - 1];
    if (!ch) return;
    this.player.stop(false);
    if (this.measure.active()) this.measure.stop();
    this.map.closePopup();
    this.state.chapter = n;
    this.setLayers(ch.layers.filter((id) => this.layerById.has(id)));
    this.setDay(ch.day);
    if (this.map.getSize().x >= NARROW_PX || this.state.presenting) this.chapterCtl.panel.setOpen(true);
    this.chapterCtl.update();
    this.fitPanels();
    const v = ch.view;
    if (v && Number.isFinite(v.lat) && Number.isFinite(v.lon) && Number.isFinite(v.zoom)) {
      // the zoom the map will really take (zoomSnap), so the panel offset is computed at that scale
      const snap = this.map.options.zoomSnap || 0;
      const zoom = snap ? Math.round(v.zoom / snap) * snap : v.zoom;
      const center = this.visibleCenter(L.latLng(v.lat, v.lon), zoom);
      if (o.instant || prefersReducedMotion()) this.map.setView(center, zoom, { animate: false });
      else this.map.flyTo(center, zoom, { duration: 1.2 });
    }
    document.dispatchEvent(new CustomEvent('presence:chapterchange', { detail: { number: n, id: ch.id } }));
    if (o.send !== false) this.bridgeNow();
  };

  /**
   * Presentation mode: the map fills the screen (Fullscreen API when the browser allows it, else a fixed
   * full-window class), type is large, only the chapter panel, the time control and the tool buttons stay open.
   */
  Controller.prototype.setPresentation = function setPresentation(on) {
    const want = !!on;
    if (want === this.state.presenting) return;
    const box = this.map.getContainer();
    this.state.presenting = want;
    if (want) {
      this.beforePresent = { layers: this.layersCtl.panel.isOpen(), list: this.list.panel.isOpen(),
        chapters: this.chapterCtl ? this.chapterCtl.panel.isOpen() : false };
      this.layersCtl.panel.setOpen(false);
      this.list.panel.setOpen(false);
      if (this.chapterCtl) this.chapterCtl.panel.setOpen(true);
      this.map.closePopup();
      box.classList.add('pm-present');
      document.documentElement.classList.add('pm-presenting');
      const fs = document.fullscreenEnabled && box.requestFullscreen && !document.fullscreenElement;
      if (fs) {
        try {
          const p = box.requestFullscreen({ navigationUI: 'hide' });
          if (p && p.catch) p.catch(() => {}); // not allowed here (no user gesture, iframe): the class is enough
        } catch (err) { /* the fixed full-window class is the fallback */ }
      }
    } else {
      box.classList.remove('pm-present');
      document.documentElement.classList.remove('pm-presenting');
      if (document.fullscreenElement === box && document.exitFullscreen) document.exitFullscreen().catch(() => {});
      const b = this.beforePresent || {};
      this.layersCtl.panel.setOpen(!!b.layers);
      this.list.panel.setOpen(!!b.list);
      if (this.chapterCtl) this.chapterCtl.panel.setOpen(!!b.chapters);
    }
    this.tools.relabel();
    this.map.invalidateSize({ pan: false });
    this.fitSoon();
    document.dispatchEvent(new CustomEvent('presence:presentationchange', { detail: { on: want } }));
  };

  Controller.prototype.onFullscreenChange = function onFullscreenChange() {
    const box = this.map.getContainer();
    if (document.fullscreenElement === box) this.inFullscreen = true;
    else if (this.inFullscreen) {
      // the browser left full screen (Escape, F11): leave presentation mode with it
      this.inFullscreen = false;
      this.setPresentation(false);
    }
    this.map.invalidateSize({ pan: false });
  };

  function isTextField(node) {
    if (!node || !node.matches) return false;
    return node.matches('textarea, select, [contenteditable=""], [contenteditable="true"], ' +
      'input:not([type=checkbox]):not([type=radio]):not([type=range]):not([type=button]):not([type=submit])');
  }

  /** Page-wide keys: Escape (measure, then presentation), Enter (finish measuring), [ and ] (chapters). */
  Controller.prototype.onKey = function onKey(ev) {
    if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey) return;
    const target = ev.target;
    if (ev.key === 'Escape') {
      if (this.measure.active()) {
        this.measure.stop();
        ev.preventDefault();
      } else if (this.state.presenting) {
        this.setPresentation(false);
        if (this.tools.presentBtn.offsetParent) this.tools.presentBtn.focus({ preventScroll: true });
        ev.preventDefault();
      }
      return;
    }
    if (ev.key === 'Enter' && this.measure.active() && !ev.altKey &&
        !(target && target.closest && target.closest('button, a, input, select, textarea, [role=button]'))) {
      if (this.measure.finish()) ev.preventDefault();
      return;
    }
    if (!this.chapterCtl || isTextField(target)) return;
    let delta = 0;
    if (!ev.altKey && (ev.key === '[' || ev.key === ']')) delta = ev.key === '[' ? -1 : 1;
    if (ev.altKey && !ev.shiftKey && (ev.key === 'ArrowLeft' || ev.key === 'ArrowRight')) {
      delta = ev.key === 'ArrowLeft' ? -1 : 1;
    }
    if (!delta) return;
    ev.preventDefault();
    this.chapterCtl.step(delta);
  };

  /** Adds/removes only the features whose visibility changed. O(n) comparisons, no rebuild. */
  Controller.prototype.refresh = function refresh() {
    const day = this.state.day;
    const visible = this.state.layers;
    for (const en of this.entries) {
      const want = en.s <= day && day <= en.e && visible.has(en.f.layer);
      if (want === en.on) continue;
      en.on = want;
      if (want) {
        if (ensureLayer(en, this)) this.map.addLayer(en.layer);
      } else if (en.layer) {
        this.map.removeLayer(en.layer);
      }
      if (en.row) en.row.hidden = !want;
      if (!want && this.popupEntry === en) this.map.closePopup(this.popup);
    }
  };

  Controller.prototype.setDay = function setDay(day) {
    const next = clamp(Math.round(day), this.range.min, this.range.max);
    if (!Number.isFinite(next) || next === this.state.day) return;
    this.state.day = next;
    this.refresh();
    this.time.update(next);
    this.list.update(next);
    this.measure.update();
    document.dispatchEvent(new CustomEvent('presence:datechange', { detail: { date: dayToIso(next), day: next } }));
  };

  Controller.prototype.setLayers = function setLayers(ids) {
    this.state.layers = new Set(ids);
    this.refresh();
    this.layersCtl.sync();
    this.list.update(this.state.day);
    this.measure.update();
  };

  Controller.prototype.toggleLayer = function toggleLayer(id, on) {
    const ids = new Set(this.state.layers);
    if (on) ids.add(id); else ids.delete(id);
    this.setLayers(ids);
  };

  Controller.prototype.setLanguage = function setLanguage(code) {
    if (code === this.state.lang) return;
    this.state.lang = code;
    this.relabel();
  };

  Controller.prototype.setSwap = function setSwap(on) {
    if (on === this.state.swap) return;
    this.state.swap = on;
    this.relabel();
  };

  Controller.prototype.setTiles = function setTiles(on) {
    const opt = this.payload.options.tiles;
    if (on && !this.tiles) {
      this.tiles = L.tileLayer(opt.url, { attribution: escapeHtml(opt.attribution || ''), pane: 'tilePane' });
    }
    if (on) this.tiles.addTo(this.map); else if (this.tiles) this.tiles.remove();
    this.map.getContainer().classList.toggle('pm-tiles-on', !!on);
  };

  /** Relabels every text in the current language; nothing is rebuilt, the view is not touched. */
  Controller.prototype.relabel = function relabel() {
    document.documentElement.lang = this.state.lang;
    this.time.relabel();
    this.layersCtl.relabel();
    this.list.relabel();
    this.credit.relabel();
    this.tools.relabel();
    this.measure.relabel();
    if (this.chapterCtl) this.chapterCtl.relabel();
    this.fitSoon();
    for (const en of this.entries) {
      if (en.on) for (const m of en.markers) labelMarker(m, en, this);
    }
    if (this.popupEntry && this.map.hasLayer(this.popup)) {
      // relabelling must not move the map: no auto-pan while the open popup's content is replaced
      this.popup.options.autoPan = false;
      this.popup.setContent(buildPopup(this.popupEntry, this));
      this.popup.options.autoPan = true;
    }
  };

  Controller.prototype.openPopup = function openPopup(entry, latlng) {
    if (!latlng) return;
    const size = this.map.getSize();
    const pad = this.panelPadding();
    Object.assign(this.popup.options, {
      // content width; the wrapper adds ~40 px of margins, and a phone needs a little map around it
      maxWidth: Math.min(360, size.x - 84),
      minWidth: Math.min(240, size.x - 84),
      maxHeight: Math.max(160, size.y - pad.top - pad.bottom - 40),
      autoPanPaddingTopLeft: [pad.left, pad.top],
      autoPanPaddingBottomRight: [pad.right, pad.bottom],
    });
    this.returnFocus = null;
    this.popup.setLatLng(latlng).setContent(buildPopup(entry, this)).openOn(this.map);
    this.popupEntry = entry;
  };

  /** Room taken by the controls on each side of the map, so auto-pan keeps a popup clear of them. */
  Controller.prototype.panelPadding = function panelPadding() {
    const size = this.map.getSize();
    const box = (node) => (node && node.offsetParent ? node.getBoundingClientRect() : null);
    const mapBox = this.map.getContainer().getBoundingClientRect();
    const pad = { left: 16, top: 16, right: 16, bottom: 16 };
    const time = box(this.time.node);
    if (time) pad.bottom = Math.max(pad.bottom, mapBox.bottom - time.top + 8);
    if (size.x >= NARROW_PX) {
      const layers = this.layersCtl.panel.isOpen() ? box(this.layersCtl.node) : null;
      if (layers) pad.right = Math.max(pad.right, mapBox.right - layers.left + 8);
      const list = this.list.panel.isOpen() ? box(this.list.node) : null;
      if (list) pad.left = Math.max(pad.left, list.right - mapBox.left + 8);
    }
    return pad;
  };

  Controller.prototype.openFeature = function openFeature(entry) {
    if (!entry.on || !ensureLayer(entry, this)) return;
    if (this.map.getSize().x < NARROW_PX) {
      // on a phone the panels cover the map: fold them so the popup can be seen
      this.list.panel.setOpen(false);
      this.layersCtl.panel.setOpen(false);
    }
    const from = document.activeElement;
    this.openPopup(entry, anchorOf(entry));
    // keyboard users land on the popup and come back to the row when it closes
    this.returnFocus = from && from !== document.body ? from : null;
    const close = this.popup.getElement() && this.popup.getElement().querySelector('.leaflet-popup-close-button');
    if (close) close.focus({ preventScroll: true });
  };

  Controller.prototype.onPopupClose = function onPopupClose() {
    this.popupEntry = null;
    const back = this.returnFocus;
    this.returnFocus = null;
    if (back && back.isConnected && !back.closest('[hidden]')) back.focus({ preventScroll: true });
  };

  Controller.prototype.labelPopup = function labelPopup(popup) {
    const node = popup.getElement && popup.getElement();
    const close = node && node.querySelector('.leaflet-popup-close-button');
    if (close) {
      close.setAttribute('aria-label', this.text.t('close'));
      close.title = this.text.t('close');
    }
  };

  Controller.prototype.bridgeNow = function bridgeNow() { this.bridge.now(); };
  Controller.prototype.bridgeSoon = function bridgeSoon() { this.bridge.soon(); };

  Controller.prototype.getState = function getState() {
    const c = this.map.getCenter();
    return {
      date: dayToIso(this.state.day),
      day: this.state.day,
      lang: this.state.lang,
      layers: this.payload.layers.map((l) => l.id).filter((id) => this.state.layers.has(id)),
      swap: this.state.swap,
      view: viewOf({ lat: c.lat, lon: c.lng, zoom: this.map.getZoom() }),
      chapter: this.state.chapter,
    };
  };

  // ---------------------------------------------------------------- public API

  /**
   * The scripting hook, also set as window.presenceMap.
   * @typedef {Object} PresenceMapApi
   * @property {function(string): void} setDate  Show the map at "YYYY-MM-DD" (clamped to the range);
   *   throws an Error on a malformed or impossible date.
   * @property {function(): string} getDate  The current date as "YYYY-MM-DD".
   * @property {function(): string[]} visibleFeatureIds  Sorted ids of the features drawn now.
   * @property {function(string): void} setLanguage  Relabel everything in a payload language; throws if unknown.
   * @property {function(string[]): void} setLayers  Show exactly these layers; throws on unknown ids.
   * @property {function(): {date: string, day: number, lang: string, layers: string[], swap: boolean,
   *   view: {lat: number, lon: number, zoom: number}, chapter: number|null}} getState  A snapshot of the map's state.
   * @property {function(number): void} goToChapter  Open chapter n (1-based): its date, layers and view;
   *   throws a RangeError when n is not 1..number of chapters. Fires "presence:chapterchange" {number, id}.
   * @property {function(): (number|null)} getChapter  The chapter opened last, or null.
   * @property {function(boolean): void} setPresentation  Presentation mode on/off (full screen, large type).
   * @property {function(boolean): void} setMeasure  Measure mode on/off.
   * @property {function(): (number|null)} getMeasure  The measured distance in km (WGS84 geodesic), or null.
   */
  function makeApi(ctx) {
    // the methods that change the map first finish the build (a no-op once mount has completed it)
    const done = () => ctx.complete();
    return {
      setDate(date) {
        const day = isoToDay(date);
        if (day === null) {
          throw new Error('presenceMap.setDate: expected a calendar date "YYYY-MM-DD", got ' + JSON.stringify(date));
        }
        done();
        ctx.setDay(day);
      },
      getDate: () => dayToIso(ctx.state.day),
      visibleFeatureIds: () => ctx.entries.filter((en) => en.on).map((en) => en.f.id).sort(),
      setLanguage(code) {
        if (!ctx.langCodes.has(code)) {
          throw new Error('presenceMap.setLanguage: unknown language ' + JSON.stringify(code) +
            ' (known: ' + [...ctx.langCodes].join(', ') + ')');
        }
        done();
        ctx.setLanguage(code);
      },
      setLayers(ids) {
        if (!Array.isArray(ids)) throw new Error('presenceMap.setLayers: expected an array of layer ids');
        const bad = ids.filter((id) => !ctx.layerById.has(id));
        if (bad.length) throw new Error('presenceMap.setLayers: unknown layer id(s) ' + JSON.stringify(bad));
        done();
        ctx.setLayers(ids);
      },
      getState: () => ctx.getState(),
      _firstRenderDone: ctx.bridge.firstRenderDone,
      _complete: ctx.whenComplete,
      goToChapter(n) {
        const total = ctx.chapters.length;
        if (!Number.isInteger(n) || n < 1 || n > total) {
          throw new RangeError('presenceMap.goToChapter: expected a chapter number 1..' + total + ', got ' + JSON.stringify(n));
        }
        done();
        ctx.goToChapter(n);
      },
      getChapter: () => ctx.state.chapter,
      setPresentation(on) {
        done();
        ctx.setPresentation(!!on);
      },
      isPresentation: () => !!ctx.state.presenting,
      /** Measure mode on/off (the same as the measure button). */
      setMeasure(on) {
        done();
        if (on) ctx.measure.start(); else ctx.measure.stop();
      },
      /** Total of the current measurement in km (geodesic, WGS84), or null with fewer than two points. */
      getMeasure: () => ctx.measure.distanceKm(),
      /** Still-image mode (PNG/PDF): panels open, buttons hidden, legend, date and credit drawn in. */
      setSnapshotMode(on) {
        done();
        ctx.map.getContainer().classList.toggle('pm-snapshot', !!on);
        if (on) {
          ctx.map.closePopup();
          ctx.player.stop(false);
          ctx.measure.stop();
          if (ctx.layersCtl && ctx.layersCtl.panel) ctx.layersCtl.panel.setOpen(true);
          if (ctx.list && ctx.list.panel) ctx.list.panel.setOpen(false);
          if (ctx.chapterCtl && ctx.state.chapter !== null) ctx.chapterCtl.panel.setOpen(true);
        }
        // the still-image layout (and print media) can resize the map: let Leaflet measure it again
        ctx.map.invalidateSize({ animate: false, pan: false });
        if (on) {
          // keep the view's centre in the part of the picture the legend and the date box leave free
          const mapBox = ctx.map.getContainer().getBoundingClientRect();
          const legend = ctx.layersCtl.node.getBoundingClientRect();
          const time = ctx.time.node.getBoundingClientRect();
          const dx = legend.width && legend.left > mapBox.left + mapBox.width * 0.4 ? (mapBox.right - legend.left) / 2 : 0;
          const dy = time.height ? (mapBox.bottom - time.top) / 2 : 0;
          if (dx || dy) ctx.map.panBy([dx, dy], { animate: false });
        }
      },
      ready: false,
    };
  }

  /**
   * Mounts the presence map on a Leaflet map.
   * @param {L.Map} map  The Leaflet map (folium creates it; tiles none).
   * @param {Object} payload  The map document payload (schema 1).
   * @returns {PresenceMapApi} The scripting hook (also assigned to window.presenceMap).
   */
  function mount(map, payload) {
    if (!L) throw new Error('PresenceMap.mount: Leaflet (global L) is not loaded');
    const ctx = new Controller(map, payload);
    ctx.build();
    const api = makeApi(ctx);
    global.presenceMap = api;
    // the parts the first frame does not show are built right after it (every API method builds them if earlier)
    ctx.completeSoon();
    return api;
  }

  /**
   * Mount from the inert data block the document carries: plain JSON, or gzip+base64 (data-encoding="gzip-base64",
   * decoded with the browser's DecompressionStream, no library). Sets presenceMap.ready = true when everything
   * is built (after the deferred part of the mount) and, in Streamlit, the first render's args are applied.
   * @param {L.Map} map
   * @param {string} elementId  id of the <script type="application/json"> block
   * @returns {Promise<PresenceMapApi>}
   */
  function mark(name) {
    if (global.performance && global.performance.mark) global.performance.mark(name);
  }

  async function mountFrom(map, elementId) {
    const node = document.getElementById(elementId);
    if (!node) throw new Error('PresenceMap.mountFrom: no data block #' + elementId);
    let text = node.textContent;
    if (node.dataset.encoding === 'gzip-base64') {
      let bytes;
      if (typeof Uint8Array.fromBase64 === 'function') {
        bytes = Uint8Array.fromBase64(text.trim()); // native decoding, no per-byte loop
      } else {
        const binary = global.atob(text.trim());
        bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
      }
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      text = await new Response(stream).text();
    }
    mark('presence:data');
    const payload = JSON.parse(text);
    mark('presence:parsed');
    const api = mount(map, payload);
    mark('presence:mounted');
    await Promise.all([api._firstRenderDone, api._complete]);
    mark('presence:complete');
    api.ready = true;
    document.dispatchEvent(new CustomEvent('presence:ready', { detail: { date: api.getDate() } }));
    return api;
  }

  global.PresenceMap = { mount, mountFrom, geodesicKm, vincentyKm: (a, b, c, d) => {
    const m = vincentyM(a, b, c, d);
    return m === null ? null : m / 1000;
  }, haversineKm: (a, b, c, d) => haversineM(a, b, c, d) / 1000 };
})(window);
