/*
 * bench/probe.js — the benchmark's probe, installed in every frame (context.add_init_script, bench/probes.py). All times are performance.timeOrigin + performance.now():
 * epoch milliseconds on the machine's clock, comparable across frames and with Python's time.time() * 1000.
 * A component iframe starts as about:blank and then navigates to a same-origin URL; Chromium reuses the Window for the
 * new document and does NOT run init scripts in it (only in the about:blank one; rAF callbacks and document listeners
 * die with that document, timers and window listeners survive). So the about:blank probe polls with a timer until the
 * document is swapped and then installs itself into the new document, long before any map is drawn there.
 */
(() => {
  const install = () => {
  if (document.__benchProbe) return;
  document.__benchProbe = true;
  const now = () => performance.timeOrigin + performance.now();
  // frames report first paints and data-day paints to the top page too, so a frame that is replaced (the naive
  // peer remounts its iframe) cannot take its numbers with it
  const toTop = (kind, key, t) => {
    try {
      const T = window.top;
      T.__benchTop = T.__benchTop || { paints: [], days: {} };
      if (kind === 'paint') T.__benchTop.paints.push(t);
      else if (!(key in T.__benchTop.days)) T.__benchTop.days[key] = t;
    } catch (e) { /* a cross-origin top: nothing to report to */ }
  };
  window.__benchTop = window.__benchTop || { paints: [], days: {} };
  const B = window.__bench = {
    firstPaint: null, firstPaintNow: null, firstH1: null, keys: [], changes: [], days: {},
    ws: [], wsRecv: 0, wsLast: 0, panel: null,
  };
  // 1. first frame with features drawn: our map through its hook, a folium map by its SVG paths
  const drawn = () => {
    if (window.PresenceMap) {
      const pm = window.presenceMap;
      return !!(pm && pm.ready && pm.visibleFeatureIds().length > 0);
    }
    return !!document.querySelector('.leaflet-interactive');
  };
  const born = performance.now();
  const loop = () => {
    let ok = false;
    try { ok = drawn(); } catch (e) { ok = false; }
    if (ok) {
      B.firstPaintNow = performance.now();
      B.firstPaint = performance.timeOrigin + B.firstPaintNow;
      const nav = performance.getEntriesByType('navigation')[0];
      B.domContentLoaded = nav ? nav.domContentLoadedEventEnd : null;
      toTop('paint', null, B.firstPaint);
      return;
    }
    if (performance.now() - born < 60000) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  // 1b. the page's first <h1> with text (Streamlit's own startup floor, measured on a blank app)
  const h1 = () => {
    const h = document.querySelector('h1');
    if (h && h.textContent.trim()) { B.firstH1 = now(); return; }
    if (performance.now() - born < 60000) requestAnimationFrame(h1);
  };
  if (window === window.top) requestAnimationFrame(h1);
  // 2. key presses (t0), captured before any handler of the page (window listeners outlive a swapped document)
  if (!window.__benchKeys) {
    window.__benchKeys = true;
    window.addEventListener('keydown', () => { window.__bench.keys.push(now()); }, true);
  }
  // 3. our map: the first animation frame after each date change (t1)
  document.addEventListener('presence:datechange', (ev) => {
    const date = ev.detail && ev.detail.date;
    requestAnimationFrame(() => {
      const t = now();
      let visible = null;
      try { visible = window.presenceMap.visibleFeatureIds().length; } catch (e) { visible = null; }
      window.__bench.changes.push({ date, t, visible });
    });
  });
  // 4. the peers: the first animation frame after <span class="bench-day" data-day="N"> entered the document (t1)
  const pending = new Set();
  const note = (span) => {
    const d = span.getAttribute('data-day');
    if (!d || d in window.__bench.days || pending.has(d)) return;
    pending.add(d);
    requestAnimationFrame(() => {
      const t = now();
      window.__bench.days[d] = t;
      toTop('day', d, t);
      pending.delete(d);
    });
  };
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        if (n.matches('.bench-day')) note(n);
        for (const s of n.querySelectorAll('.bench-day')) note(s);
      }
    }
  }).observe(document, { childList: true, subtree: true });
  // 5. WebSocket frames the page sends (Streamlit's BackMsgs = rerun requests) and the last traffic either way
  const WS = window.WebSocket;
  if (WS && !WS.prototype.__benchWrapped) {
    const send = WS.prototype.send;
    WS.prototype.send = function benchSend(data) {
      const t = now();
      window.__bench.ws.push(t);
      window.__bench.wsLast = t;
      if (!this.__benchListening) {
        this.__benchListening = true;
        this.addEventListener('message', () => { window.__bench.wsRecv += 1; window.__bench.wsLast = now(); });
      }
      return send.call(this, data);
    };
    WS.prototype.__benchWrapped = true;
  }
  };
  install();
  if (location.href === 'about:blank') {
    const blank = document;
    const born = Date.now();
    const watch = () => {
      if (document !== blank) { install(); return; }
      if (Date.now() - born < 60000) setTimeout(watch, 2);
    };
    setTimeout(watch, 2);
  }
})();
