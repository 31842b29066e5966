// escape.js: the gates between payload text and markup, against hostile strings.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { FALLBACK_COLOR, escapeHtml, safeColor, safeHref } from '../../geo/static/src/escape.js';

const HOSTILE = [
  '<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', '" onerror="alert(1)', "' onmouseover='x",
  '<svg/onload=alert(1)>', '&lt;already&gt; & more', '<!--', ']]>', '`${x}`',
];

describe('escapeHtml', () => {
  test('no markup survives: < > " \' & become entities', () => {
    for (const s of HOSTILE) {
      const out = escapeHtml(s);
      assert.doesNotMatch(out, /[<>"']/, s);
      assert.doesNotMatch(out.replace(/&(amp|lt|gt|quot|#39);/g, ''), /&/, s);
    }
    assert.equal(escapeHtml('</script>'), '&lt;/script&gt;');
    assert.equal(escapeHtml('" onerror="x'), '&quot; onerror=&quot;x');
    assert.equal(escapeHtml('&amp;'), '&amp;amp;');
  });
  test('other text is kept exactly, including unicode tricks (they are inert once < > " are gone)', () => {
    for (const s of ['Степанакерт / Ханкенди', 'Ստեփանակերտ', 'სოხუმი', 'a\u202Eb', 'zero\u200Bwidth', '💥', '\uFF1Cscript\uFF1E']) {
      assert.equal(escapeHtml(s), s);
    }
  });
  test('non-strings are written as text', () => {
    assert.equal(escapeHtml(42), '42');
    assert.equal(escapeHtml(null), 'null');
  });
});

describe('safeHref', () => {
  test('absolute http(s) URLs pass, normalised by the URL parser', () => {
    assert.equal(safeHref('https://www.kremlin.ru/events/president/news/64384'), 'https://www.kremlin.ru/events/president/news/64384');
    assert.equal(safeHref('  HTTP://Example.org/a b  '), 'http://example.org/a%20b');
    assert.equal(safeHref('https://primeminister.am/hy/press-release/item/2020/11/10/Announcement/'),
      'https://primeminister.am/hy/press-release/item/2020/11/10/Announcement/');
  });
  test('script, data and other schemes are refused, however they are disguised', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)',
      'java\nscript:alert(1)', '\u0001javascript:alert(1)', 'javascript://example.org/%0Aalert(1)',
      'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', 'ftp://example.org/',
      'mailto:a@example.org', 'blob:https://example.org/x']) {
      assert.equal(safeHref(url), null, url);
    }
  });
  test('relative, empty and malformed URLs, and non-strings, are refused', () => {
    for (const url of ['//evil.example/x', '/path', 'example.org', '', '   ', 'http://', 'https://[::1', null, undefined, 7, {}]) {
      assert.equal(safeHref(url), null, String(url));
    }
  });
  test('quotes and angle brackets in an accepted URL come out percent-encoded', () => {
    const href = safeHref('https://example.org/"><script>alert(1)</script>?q="x"');
    assert.ok(href.startsWith('https://example.org/'));
    assert.doesNotMatch(href, /["<>\s]/);
  });
});

describe('safeColor', () => {
  test('exactly "#rrggbb" passes', () => {
    for (const c of ['#c0392b', '#ABCDEF', '#000000']) assert.equal(safeColor(c), c);
  });
  test('anything else becomes the neutral fallback', () => {
    for (const c of ['red', '#abc', '#abcd', '#1234567', '#12345g', '#123456" onload="x', '#123456;background:url(x)',
      'url(javascript:alert(1))', 'expression(alert(1))', '#abcdef\n', ' #abcdef', '#１２３４５６', '', null, 0x123456, ['#123456']]) {
      assert.equal(safeColor(c), FALLBACK_COLOR, String(c));
    }
    assert.equal(FALLBACK_COLOR, '#555555');
  });
});
