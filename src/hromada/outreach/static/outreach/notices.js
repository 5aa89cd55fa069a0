/* The urgent-notice banner: filled from /notices/active.json on every page, so the page
   cache never hides a notice and a notice goes at its end time. Text only (textContent). */
(function () {
    "use strict";
    var script = document.currentScript;
    var source = script && script.getAttribute("data-notices");
    if (!source || !window.fetch) { return; }
    function banner(data) {
        var notices = (data && data.notices) || [];
        var labels = (data && data.labels) || {};
        var old = document.getElementById("urgent-notices");
        if (old) { old.remove(); }
        if (!notices.length) { return; }
        var box = document.createElement("section");
        box.id = "urgent-notices";
        box.className = "urgent-notices";
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", labels.region || "");
        notices.forEach(function (notice) {
            var item = document.createElement("div");
            item.className = "urgent-notice urgent-" + notice.category;
            var title = document.createElement("a");
            title.href = notice.url;
            title.className = "urgent-notice-title";
            title.textContent = notice.category_label + ": " + notice.title;
            var text = document.createElement("p");
            text.textContent = notice.text + (notice.area ? " (" + notice.area + ")" : "");
            var until = document.createElement("p");
            until.className = "urgent-notice-until";
            until.textContent = (labels.until || "") + " " + notice.until;
            item.appendChild(title);
            item.appendChild(text);
            item.appendChild(until);
            box.appendChild(item);
        });
        document.body.insertBefore(box, document.body.firstChild.nextSibling);
    }
    function load() {
        fetch(source, { credentials: "omit", cache: "no-store" })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(banner)
            .catch(function () { /* no banner rather than an error */ });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", load);
    } else {
        load();
    }
}());
