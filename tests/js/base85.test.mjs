// base85.js: decoding the data block's base-85 text (geo/base85.py writes it) byte for byte.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { ALPHABET, decodeBase85 } from '../../geo/static/src/base85.js';
import { fixture } from './helpers.mjs';

const hex = (bytes) => Buffer.from(bytes).toString('hex');

describe('base85 (the table geo/base85.py writes, tests/fixtures/base85.json)', () => {
  const table = fixture('base85.json');

  test('the alphabet is the same as Python\'s and has no < > & " \' \\ /', () => {
    assert.equal(ALPHABET, table.alphabet);
    assert.equal(ALPHABET.length, 85);
    for (const c of '<>&"\'\\/') assert.equal(ALPHABET.includes(c), false, c);
  });

  test('every case decodes to its bytes, partial last groups included', () => {
    assert.ok(table.cases.length >= 20);
    for (const { hex: want, text } of table.cases) assert.equal(hex(decodeBase85(text)), want, text);
  });

  test('bad text is a clear error', () => {
    assert.throws(() => decodeBase85('ab<cd'), /not in the alphabet/);
    assert.throws(() => decodeBase85('abcd\u00e9'), /not in the alphabet/);
    assert.throws(() => decodeBase85('!!!!!!'), /one character/);
    assert.throws(() => decodeBase85('~~~~~'), /larger than 32 bits/);
  });
});
