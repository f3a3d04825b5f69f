// The board workspace works without this file. With it, the queue gains a "select all on this
// page" button. Served by the service itself, so the workspace's CSP (script-src 'self') allows it.
(function () {
  "use strict";
  function addSelectAll(slot) {
    var table = document.getElementById(slot.getAttribute("data-select-all-for"));
    if (!table) { return; }
    var boxes = table.querySelectorAll("input[type=checkbox]");
    if (!boxes.length) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button-secondary";
    function allChecked() {
      return Array.prototype.every.call(boxes, function (box) { return box.checked; });
    }
    function label() {
      button.textContent = allChecked() ? "Clear all on this page" : "Select all on this page";
    }
    button.addEventListener("click", function () {
      var check = !allChecked();
      Array.prototype.forEach.call(boxes, function (box) { box.checked = check; });
      label();
    });
    Array.prototype.forEach.call(boxes, function (box) { box.addEventListener("change", label); });
    label();
    slot.appendChild(button);
  }
  function focusErrors() {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) { summary.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-select-all-for]"), addSelectAll);
    focusErrors();
  });
}());
