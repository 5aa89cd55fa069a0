/* Hromada portal: mobile menu and an accessible photo lightbox. No inline scripts (CSP). */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setupMenu() {
    var toggle = document.querySelector(".nav-toggle");
    var menu = document.getElementById("main-menu");
    if (!toggle || !menu) return;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      menu.classList.toggle("open", !open);
    });
  }

  // The menu's panels (<details>): one open at a time; Escape or a click elsewhere closes.
  function setupPanels() {
    var panels = Array.prototype.slice.call(document.querySelectorAll("details.menu-panel"));
    if (!panels.length) return;
    panels.forEach(function (panel) {
      panel.addEventListener("toggle", function () {
        if (!panel.open) return;
        panels.forEach(function (other) { if (other !== panel) other.open = false; });
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      panels.forEach(function (panel) {
        if (panel.open) { panel.open = false; panel.querySelector("summary").focus(); }
      });
    });
    document.addEventListener("click", function (event) {
      panels.forEach(function (panel) {
        if (panel.open && !panel.contains(event.target)) panel.open = false;
      });
    });
  }

  function setupLightbox() {
    var grid = document.querySelector("[data-lightbox]");
    var dialog = document.querySelector("dialog.lightbox");
    if (!grid || !dialog || typeof dialog.showModal !== "function") return;
    var links = Array.prototype.slice.call(grid.querySelectorAll("a.photo-link"));
    var img = dialog.querySelector("img");
    var caption = dialog.querySelector(".lightbox-caption");
    var template = dialog.getAttribute("data-label-of") || "{n} / {total}";
    var current = 0;
    var opener = null;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      img.src = link.getAttribute("href");
      img.alt = link.getAttribute("data-alt") || "";
      var position = template.replace("{n}", current + 1).replace("{total}", links.length);
      var text = link.getAttribute("data-caption");
      caption.textContent = text ? text + " — " + position : position;
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        opener = link;
        show(index);
        dialog.showModal();
        dialog.querySelector(".lb-close").focus();
      });
    });
    dialog.querySelector(".lb-prev").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector(".lb-next").addEventListener("click", function () { show(current + 1); });
    dialog.querySelector(".lb-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); }
      if (event.key === "ArrowRight") { show(current + 1); }
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
    setupPanels();
    setupLightbox();
  });
})();
