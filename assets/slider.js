/* The date slider for every reader:
 * - a screen reader hears the date, not a day number: the slider's handle gets the
 *   date heading's text as aria-valuetext and a name (data-slider-label of its section);
 * - its labels never overlap nor stick out, at any width and in any language: a label
 *   too close to the one before it is hidden (the last label is always kept).
 * Plain DOM work, redone whenever the page changes (the slider is drawn by Dash).
 */
(function () {
  "use strict";
  const GAP = 6; // pixels between two visible labels
  const CENTRED = "translateX(-50%)"; // how Dash places a label on its day

  function speak() {
    const thumb = document.querySelector("#date-slider [role=slider]");
    const heading = document.getElementById("date-heading");
    if (!thumb || !heading) return;
    const text = heading.textContent.trim();
    if (text && thumb.getAttribute("aria-valuetext") !== text) {
      thumb.setAttribute("aria-valuetext", text);
    }
    const section = thumb.closest("[data-slider-label]");
    const name = section && section.getAttribute("data-slider-label");
    if (name && thumb.getAttribute("aria-label") !== name) {
      thumb.setAttribute("aria-label", name);
    }
  }

  // A label centred on the first or last day sticks out of the slider: align it to the
  // slider's edge instead.
  function inside(marks, bounds) {
    marks.forEach(function (mark) {
      mark.style.transform = CENTRED;
      const box = mark.getBoundingClientRect();
      if (box.left < bounds.left) {
        mark.style.transform = "translateX(" + (bounds.left - box.left) + "px) " + CENTRED;
      } else if (box.right > bounds.right) {
        mark.style.transform = "translateX(" + (bounds.right - box.right) + "px) " + CENTRED;
      }
    });
  }

  let thinned = "";
  function thin() {
    const marks = Array.from(document.querySelectorAll("#date-slider .dash-slider-mark"));
    const slider = document.getElementById("date-slider");
    // Only when the labels or the width changed: not on every step of playback.
    const key = slider ? slider.offsetWidth + "|" + marks.map(function (m) {
      return m.textContent;
    }).join("|") : "";
    const fresh = marks.some(function (mark) { return !mark.dataset.thinned; });
    if (!marks.length || (key === thinned && !fresh)) return;
    thinned = key;
    marks.forEach(function (mark) {
      mark.style.visibility = "";
      mark.dataset.thinned = "1";
    });
    inside(marks, slider.getBoundingClientRect());
    const boxes = marks.map(function (mark) { return mark.getBoundingClientRect(); });
    const order = marks.map(function (_, i) { return i; }).sort(function (a, b) {
      return boxes[a].left - boxes[b].left;
    });
    const last = order[order.length - 1];
    let right = -Infinity;
    order.forEach(function (i) {
      const clear = boxes[i].left >= right + GAP;
      const roomForLast = i === last || boxes[i].right + GAP <= boxes[last].left;
      if (clear && roomForLast) {
        right = boxes[i].right;
      } else {
        marks[i].style.visibility = "hidden";
      }
    });
  }

  let queued = false;
  function update() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      speak();
      thin();
    });
  }

  function start() {
    new MutationObserver(update).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["aria-valuenow"],
    });
    window.addEventListener("resize", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
