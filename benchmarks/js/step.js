// One slider step, timed inside the page. `__benchArm(...)` is called before the key is
// pressed (a real key press, sent by CDP `Input.dispatchKeyEvent`), `__benchWait(done)`
// after it (execute_async_script). Start: the keydown's own timestamp. The map shows the
// day when:
// - reader: `frontline.shown()` is the state of the expected day (the reader paints it in
//   the slider's `input` handler);
// - naive: the heading names the day and the figure's areas trace holds its state codes.
// Done: the animation frame after the first MapLibre 'idle' at which the map shows the
// day. MapLibre fires 'idle' once it has issued the frame's WebGL calls; the next
// animation frame starts only when that frame has been committed (here the main thread
// waits for SwiftShader to draw it), so this counts the drawing as one map frame
// (below) does. When nothing the map draws differs from the day before (no 'render'
// within two animation frames, the map loaded), done is the second animation frame:
// the heading's frame committed. Then wait until the map (and Plotly) are quiet for
// `quietMs` so steps never overlap.
(() => {
  const sameArray = (a, b) => {
    if (!a || !b || a.length !== b.length) return false;
    for (let i = 0; i < b.length; i += 1) if (a[i] !== b[i]) return false;
    return true;
  };
  const paintedDiffers = (a, b) => !a || !b || !sameArray(a.codes, b.codes) ||
    !sameArray(a.certainty, b.certainty) || !sameArray(a.changed, b.changed) ||
    !sameArray(a.front, b.front);

  window.__benchArm = (kind, expectedDay, heading, expectedZ, timeoutMs, quietMs) => {
    const reader = kind === 'reader';
    const map = reader ? window.frontline.map : window.__benchPlotlyMap();
    const gd = reader ? null : document.querySelector('#map .js-plotly-plot');
    const headingElement = reader ? null : document.querySelector('#date-heading');
    const s = {
      kind, map, t0: null, tNow: null, announcedAt: null, dataAt: null, idleAt: null,
      doneAt: null, repainted: null,
      events: [], timedOut: false, before: reader ? window.frontline.shown() : gd.data,
      reactsBefore: window.__bench.reacts.length,
    };
    s.onRender = () => s.events.push(['render', performance.now()]);
    s.onIdle = () => {
      const now = performance.now();
      s.events.push(['idle', now]);
      if (s.idleAt === null && s.t0 !== null && s.shows()) {
        s.idleAt = now;
        requestAnimationFrame(() => {
          s.doneAt = performance.now();
          s.repainted = true;
        });
      }
    };
    map.on('render', s.onRender);
    map.on('idle', s.onIdle);
    s.onDate = (event) => {
      if (event.detail.day === expectedDay && s.announcedAt === null) s.announcedAt = performance.now();
    };
    window.addEventListener('frontline:date', s.onDate);
    window.addEventListener('keydown', (event) => {
      s.t0 = event.timeStamp;
      s.tNow = performance.now();
    }, { capture: true, once: true });
    s.shows = () => {
      if (reader) {
        const shown = window.frontline.shown();
        return shown && shown.day === expectedDay && shown !== s.before;
      }
      return headingElement.textContent === heading && gd.data !== s.before &&
        sameArray(gd.data[0].z, expectedZ);
    };
    s.timeoutMs = timeoutMs;
    s.quietMs = quietMs;
    performance.clearResourceTimings();
    window.__benchStepState = s;
  };

  window.__benchWait = (finish) => {
    const s = window.__benchStepState;
    const map = s.map;
    const began = performance.now();
    const frames = []; // animation frames since the map was handed the day
    const onFrame = () => {
      frames.push(performance.now());
      if (frames.length < 2) requestAnimationFrame(onFrame);
    };
    const report = () => {
      clearInterval(timer);
      map.off('render', s.onRender);
      map.off('idle', s.onIdle);
      window.removeEventListener('frontline:date', s.onDate);
      const reacts = window.__bench.reacts.slice(s.reactsBefore).filter((r) => r.id === 'map');
      const after = s.kind === 'reader' ? window.frontline.shown() : null;
      finish({
        t0: s.t0, keyListenerAt: s.tNow, dataAt: s.dataAt, idleAt: s.idleAt, doneAt: s.doneAt,
        repainted: s.repainted, timedOut: s.timedOut,
        renders: s.events.filter((e) => e[0] === 'render').length,
        settledAt: s.events.length ? Math.max(s.doneAt || 0, s.events[s.events.length - 1][1]) : s.doneAt,
        plotlySyncMs: reacts.length ? reacts[0].syncEnd - reacts[0].start : null,
        paintedDiffers: s.kind === 'reader' ? paintedDiffers(s.before, after) : null,
        resources: performance.getEntriesByType('resource').map((e) => e.name),
      });
    };
    const timer = setInterval(() => {
      const now = performance.now();
      if (now - began > s.timeoutMs) {
        s.timedOut = true;
        return report();
      }
      if (s.t0 === null) return; // the key has not arrived yet
      if (s.dataAt === null) {
        if (!s.shows()) return;
        // When the map was handed the day: the reader's `frontline:date` (sent as it
        // painted), or the start of the naive peer's Plotly.react on the map.
        const reacts = window.__bench.reacts.slice(s.reactsBefore).filter((r) => r.id === 'map');
        s.dataAt = s.kind === 'reader'
          ? (s.announcedAt !== null ? s.announcedAt : now)
          : (reacts.length ? reacts[reacts.length - 1].start : now);
        requestAnimationFrame(onFrame);
        return;
      }
      if (s.doneAt === null) {
        if (s.idleAt === null && frames.length >= 2 && map.loaded() &&
            !s.events.some((e) => e[0] === 'render' && e[1] >= s.t0)) {
          s.doneAt = frames[1]; // nothing on the map changed: the heading's frame
          s.repainted = false;
        }
        return;
      }
      const last = s.events.length ? s.events[s.events.length - 1][1] : s.doneAt;
      if (window.__bench.pendingReacts === 0 && map.loaded() &&
          now - Math.max(last, s.doneAt) > s.quietMs) report();
    }, 4);
  };
})();
