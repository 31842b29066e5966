/**
 * base85.js — decodes the base-85 text geo/base85.py writes (the data block's data-encoding="gzip-b85").
 *
 * RFC 1924 arithmetic with our own alphabet: printable ASCII '!' (0x21) to '~' (0x7E) without " & ' / < > \ ` %,
 * in code-point order (digit 0 = '!'). Every 5 characters are one big-endian 32-bit group of 4 bytes; a last group
 * of k < 5 characters is padded with the highest digit (84) and gives k - 1 bytes. Pure; no DOM.
 */

/** The 85 digits, value 0 first (the same string as geo.base85.ALPHABET). */
export const ALPHABET = (() => {
  let out = '';
  for (let c = 0x21; c <= 0x7e; c += 1) {
    const ch = String.fromCharCode(c);
    if (!'"&\'/<>\\`%'.includes(ch)) out += ch;
  }
  return out;
})();

/** Character code → digit value, -1 for a character outside the alphabet. */
const VALUE = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i += 1) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

function digit(text, i) {
  const code = text.charCodeAt(i);
  const v = code < 128 ? VALUE[code] : -1;
  if (v < 0) throw new Error('base85: character ' + JSON.stringify(text[i]) + ' at ' + i + ' is not in the alphabet');
  return v;
}

/**
 * The bytes of base-85 text.
 * @param {string} text  base-85 characters, no whitespace
 * @returns {Uint8Array}
 * @throws {Error} on a character outside the alphabet, a group above 2^32 - 1 or a last group of one character
 */
export function decodeBase85(text) {
  const rest = text.length % 5;
  if (rest === 1) throw new Error('base85: a last group of one character (length ' + text.length + ')');
  const full = text.length - rest;
  const out = new Uint8Array((full / 5) * 4 + (rest ? rest - 1 : 0));
  let o = 0;
  const group = (at, count) => {
    let value = 0;
    for (let j = 0; j < 5; j += 1) value = value * 85 + (j < count ? digit(text, at + j) : 84);
    if (value > 0xffffffff) throw new Error('base85: the group at ' + at + ' is larger than 32 bits');
    return value;
  };
  for (let i = 0; i < full; i += 5) {
    const value = group(i, 5);
    out[o] = value >>> 24;
    out[o + 1] = (value >>> 16) & 0xff;
    out[o + 2] = (value >>> 8) & 0xff;
    out[o + 3] = value & 0xff;
    o += 4;
  }
  if (rest) {
    const value = group(full, rest);
    for (let k = 0; k < rest - 1; k += 1) out[o + k] = (value >>> (24 - 8 * k)) & 0xff;
  }
  return out;
}
