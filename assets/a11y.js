/* Repairs to the accessibility of Dash's own components (dash 4.4), applied in place
 * whenever the page changes, until Dash emits this itself. Each repair says what axe-core
 * found (tests/browser/test_a11y.py runs it):
 * - RadioItems and Checklist: a "listbox" of "option" labels that each hold a radio
 *   button or checkbox (nested controls, unnamed list) becomes a radio group (a group)
 *   named by its fieldset's legend;
 * - Dropdown: its keyboard entry is a hidden input that forwards focus to the button;
 *   the button itself takes the focus, named by the field's label;
 * - DatePickerSingle: popup attributes on a plain div are dropped (its input is named);
 * - Upload: the file input gets the drop zone's text as its name.
 */
(function () {
  "use strict";

  function set(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function drop(element, name) {
    if (element.hasAttribute(name)) element.removeAttribute(name);
  }

  function choiceGroups() {
    const groups = ".dash-radioitems[role=listbox], .dash-checklist[role=listbox]";
    document.querySelectorAll(groups).forEach(function (list) {
      set(list, "role", list.classList.contains("dash-radioitems") ? "radiogroup" : "group");
      const legend = list.closest("fieldset") && list.closest("fieldset").querySelector("legend");
      if (legend) {
        if (!legend.id) legend.id = list.id + "-legend";
        set(list, "aria-labelledby", legend.id);
      }
    });
    const options = ".dash-radioitems label[role=option], .dash-checklist label[role=option]";
    document.querySelectorAll(options).forEach(function (label) {
      drop(label, "role");
      drop(label, "aria-selected");
    });
  }

  function dropdowns() {
    document.querySelectorAll(".dash-dropdown-focus-target").forEach(function (target) {
      set(target, "tabindex", "-1");
    });
    document.querySelectorAll("button.dash-dropdown[tabindex='-1']").forEach(function (button) {
      set(button, "tabindex", "0");
      const label = button.id && document.querySelector("label[for='" + button.id + "']");
      if (label) {
        if (!label.id) label.id = button.id + "-label";
        set(button, "aria-labelledby", label.id + " " + button.id + "-value");
      }
    });
  }

  function datePickers() {
    document.querySelectorAll(".dash-datepicker-input-wrapper").forEach(function (wrapper) {
      drop(wrapper, "aria-haspopup");
      drop(wrapper, "aria-expanded");
    });
  }

  function uploads() {
    document.querySelectorAll("input[type=file]").forEach(function (input) {
      const zone = input.parentElement;
      const text = zone ? zone.textContent.trim() : "";
      if (text) set(input, "aria-label", text);
    });
  }

  let queued = false;
  function repair() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      choiceGroups();
      dropdowns();
      datePickers();
      uploads();
    });
  }

  function start() {
    new MutationObserver(repair).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["role", "aria-selected", "aria-expanded", "aria-haspopup", "tabindex"],
    });
    repair();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
