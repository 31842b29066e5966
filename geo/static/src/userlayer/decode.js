/**
 * userlayer/decode.js — the reader of a user layer's payload, format "presence-map/user-layer" version 1 (written
 * by geo/userlayer/payload.py; its docstring and geo/userlayer/README.md specify it): base64 → gzip
 * (DecompressionStream, no library) → one blob; each column viewed as a typed array at its offset (no copy), its
 * delta codec undone in place in 32-bit arithmetic; the text segment parsed. Every header field is checked before
 * it is trusted: a malformed payload is refused with a clear Error. Pure: no DOM, no Leaflet, nothing at import
 * (the streams are the platform's: browsers and Node ≥ 18 have them).
 */

export const FORMAT = 'presence-map/user-layer';
export const VERSION = 1;
export const OPEN_END = 2147483647;

const TYPES = {
  int32: { Array: Int32Array, size: 4 },
  uint32: { Array: Uint32Array, size: 4 },
  uint8: { Array: Uint8Array, size: 1 },
};

/** Columns every payload has, with their type, and how many values each holds (n = feature count). */
const REQUIRED = {
  x: 'int32', y: 'int32', start: 'int32', end: 'int32', by_start: 'uint32', by_end: 'uint32', row: 'uint32',
};
const TEXT_COLUMNS = { name: 'names', kind: 'kinds', url: 'urls', description: 'descriptions' };
const MIXED = { geometry: 'uint8', paths: 'uint32', vertices: 'uint32', vx: 'int32', vy: 'int32' };

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(why) {
  throw new Error('user layer payload: ' + why);
}

/** Base64 text → bytes (the native decoder where there is one). */
export function base64ToBytes(text) {
  const clean = String(text).trim();
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(clean);
  const binary = globalThis.atob(clean);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Gunzips bytes with the platform's DecompressionStream; resolves to a fresh Uint8Array (its own buffer). */
export async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Throws unless `header` is a version 1 payload header this reader understands. */
export function checkHeader(header) {
  if (!header || typeof header !== 'object') fail('not an object');
  if (header.format !== FORMAT || header.version !== VERSION) {
    fail('expected format "' + FORMAT + '" version ' + VERSION + ', got ' +
      JSON.stringify(String(header.format)).slice(0, 60) + ' version ' + JSON.stringify(header.version));
  }
  if (!Number.isInteger(header.count) || header.count < 0) fail('count must be a whole number');
  if (header.encoding !== 'gzip-base64' || typeof header.data !== 'string') fail('data must be gzip-base64 text');
  if (header.geometry !== 'points' && header.geometry !== 'mixed') fail('geometry must be "points" or "mixed"');
  if (header.ids !== 'rows' && header.ids !== 'text') fail('ids must be "rows" or "text"');
  if (header.scale !== 100000) fail('scale must be 100000');
  if (!header.layer || typeof header.layer.id !== 'string') fail('layer.id is missing');
  if (!Array.isArray(header.columns)) fail('columns must be a list');
  return header;
}

/** A typed view of one column (little-endian; copied through a DataView on a big-endian machine). */
function view(blob, spec) {
  const type = TYPES[spec.type];
  const bytes = spec.length * type.size;
  if (!Number.isInteger(spec.offset) || spec.offset < 0 || spec.offset % 4 !== 0 || spec.offset + bytes > blob.byteLength) {
    fail('column "' + spec.name + '" lies outside the data');
  }
  if (LITTLE_ENDIAN || type.size === 1) return new type.Array(blob.buffer, blob.byteOffset + spec.offset, spec.length);
  const dv = new DataView(blob.buffer, blob.byteOffset + spec.offset, bytes);
  const out = new type.Array(spec.length);
  for (let i = 0; i < spec.length; i += 1) {
    out[i] = spec.type === 'int32' ? dv.getInt32(i * 4, true) : dv.getUint32(i * 4, true);
  }
  return out;
}

/** Undoes the delta codec in place: a running sum kept in 32 bits (int32: `| 0`, uint32: `>>> 0`). */
export function undoDelta(values) {
  let acc = 0;
  if (values instanceof Int32Array) {
    for (let i = 0; i < values.length; i += 1) { acc = (acc + values[i]) | 0; values[i] = acc; }
  } else {
    for (let i = 0; i < values.length; i += 1) { acc = (acc + values[i]) >>> 0; values[i] = acc; }
  }
  return values;
}

/**
 * The columns and texts of a payload whose blob is already inflated. Returns {header, count, columns: {name:
 * typed array}, text}. Column lengths, types and the geometry offsets are checked against the header.
 */
export function decodeBlob(header, blob) {
  checkHeader(header);
  const n = header.count;
  const specs = new Map();
  for (const spec of header.columns) {
    if (!spec || typeof spec.name !== 'string' || !TYPES[spec.type] || !Number.isInteger(spec.length) ||
        (spec.codec !== 'raw' && spec.codec !== 'delta')) {
      fail('a column description is malformed');
    }
    specs.set(spec.name, spec);
  }
  const wanted = Object.assign({}, REQUIRED);
  for (const name of Object.keys(TEXT_COLUMNS)) if (specs.has(name)) wanted[name] = 'int32';
  if (header.geometry === 'mixed') Object.assign(wanted, MIXED);
  const columns = {};
  for (const [name, type] of Object.entries(wanted)) {
    const spec = specs.get(name);
    if (!spec) fail('column "' + name + '" is missing');
    if (spec.type !== type) fail('column "' + name + '" must be ' + type);
    const values = view(blob, spec);
    columns[name] = spec.codec === 'delta' ? undoDelta(values) : values;
  }
  for (const name of [...Object.keys(REQUIRED), ...Object.keys(TEXT_COLUMNS).filter((c) => columns[c]), 'geometry']) {
    if (columns[name] && columns[name].length !== n) fail('column "' + name + '" must hold ' + n + ' values');
  }
  if (header.geometry === 'mixed') checkPaths(columns, n);
  const seg = header.text || {};
  if (!Number.isInteger(seg.offset) || !Number.isInteger(seg.length) || seg.offset < 0 ||
      seg.offset + seg.length > blob.byteLength) {
    fail('the text segment lies outside the data');
  }
  const text = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(blob.subarray(seg.offset, seg.offset + seg.length)));
  for (const [col, table] of Object.entries(TEXT_COLUMNS)) {
    if (columns[col] && !Array.isArray(text[table])) fail('text.' + table + ' is missing');
  }
  if (header.ids === 'text' && (!Array.isArray(text.ids) || text.ids.length !== n)) fail('text.ids must hold ' + n + ' ids');
  return { header, count: n, columns, text };
}

/** The offsets of a mixed payload must be ascending and stay inside the vertex columns. */
function checkPaths(c, n) {
  const P = c.paths.length - 1;
  if (c.paths.length !== n + 1 || c.vertices.length < 1 || c.vx.length !== c.vy.length) fail('geometry offsets are malformed');
  if (c.paths[n] !== c.vertices.length - 1 || c.vertices[c.vertices.length - 1] !== c.vx.length) fail('geometry offsets do not add up');
  for (let i = 0; i < n; i += 1) if (c.paths[i] > c.paths[i + 1]) fail('path offsets must ascend');
  for (let p = 0; p < P; p += 1) if (c.vertices[p] > c.vertices[p + 1]) fail('vertex offsets must ascend');
}

/** The whole read: header (parsed JSON) → {header, count, columns, text}. */
export async function decodePayload(header) {
  checkHeader(header);
  const blob = await gunzip(base64ToBytes(header.data));
  if (Number.isInteger(header.raw_bytes) && blob.byteLength !== header.raw_bytes) fail('the data has the wrong size');
  return decodeBlob(header, blob);
}

/** Feature i's id: the file's (text.ids) or "<layer>-<row>". */
export function featureId(decoded, i) {
  return decoded.header.ids === 'text' ? String(decoded.text.ids[i]) : decoded.header.layer.id + '-' + decoded.columns.row[i];
}
