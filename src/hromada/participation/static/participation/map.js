/* Problem-report maps with Leaflet (served from our static files): the point picker of the
 * report form and the public map of reports. Progressive: without this script, Leaflet or the
 * tiles, the form still has the address and the optional coordinate fields, and the list its
 * plain SVG map. Everything residents typed is set as text, never as HTML. */
(function () {
  "use strict";
  if (!window.L) {
    return;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (character) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[character];
    });
  }

  function icon(box) {
    return L.icon({
      iconUrl: box.dataset.icon,
      iconRetinaUrl: box.dataset.icon2x,
      shadowUrl: box.dataset.shadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
  }

  /* A Leaflet map in box's .map-canvas, with our zoom titles and the tile attribution.
   * A tile that does not load says so once in the box's status line. */
  function makeMap(box) {
    var canvas = box.querySelector(".map-canvas");
    var status = box.querySelector("[data-map-status]");
    box.hidden = false;
    var map = L.map(canvas, {
      center: [parseFloat(box.dataset.latitude), parseFloat(box.dataset.longitude)],
      zoom: parseInt(box.dataset.zoom, 10),
      zoomControl: false,
    });
    L.control.zoom({zoomInTitle: box.dataset.zoomIn, zoomOutTitle: box.dataset.zoomOut}).addTo(map);
    var attribution = escapeHtml(box.dataset.attribution || "");
    if (box.dataset.attributionUrl) {
      attribution = '<a href="' + escapeHtml(box.dataset.attributionUrl) + '">' + attribution + "</a>";
    }
    var tiles = L.tileLayer(box.dataset.tiles, {maxZoom: 19, attribution: attribution});
    var warned = false;
    tiles.on("tileerror", function () {
      if (!warned && status) {
        warned = true;
        status.textContent = box.dataset.tilesFailed;
      }
    });
    tiles.addTo(map);
    return {map: map, status: status};
  }

  function picker(box) {
    var latitude = document.getElementById(box.dataset.latitudeField);
    var longitude = document.getElementById(box.dataset.longitudeField);
    if (!latitude || !longitude) {
      return;
    }
    var made = makeMap(box);
    var map = made.map;
    var marker = L.marker([0, 0], {icon: icon(box), draggable: true, alt: box.dataset.markerLabel, title: box.dataset.markerLabel});
    var said = box.querySelector("[data-map-point]");

    function show(point) {
      marker.setLatLng(point);
      if (!map.hasLayer(marker)) {
        marker.addTo(map);
      }
      said.textContent = box.dataset.pointLabel + ": " + point.lat.toFixed(6) + ", " + point.lng.toFixed(6);
    }
    function choose(point) {
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
      show(point);
    }
    function fromFields() {
      var lat = parseFloat(latitude.value.replace(",", "."));
      var lng = parseFloat(longitude.value.replace(",", "."));
      if (isFinite(lat) && isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
        show(L.latLng(lat, lng));
        return true;
      }
      return false;
    }

    map.on("click", function (event) { choose(event.latlng); });
    marker.on("dragend", function () { choose(marker.getLatLng()); });
    box.querySelector("[data-map-centre]").addEventListener("click", function () {
      choose(map.getCenter());
    });
    box.querySelector("[data-map-clear]").addEventListener("click", function () {
      latitude.value = "";
      longitude.value = "";
      map.removeLayer(marker);
      said.textContent = box.dataset.noPointLabel;
    });
    [latitude, longitude].forEach(function (field) {
      field.addEventListener("change", function () {
        if (fromFields()) {
          map.panTo(marker.getLatLng());
        }
      });
    });
    if (fromFields()) {
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 16));
    } else {
      said.textContent = box.dataset.noPointLabel;
    }
  }

  function reportsMap(box) {
    var data = document.getElementById(box.dataset.points);
    var points = data ? JSON.parse(data.textContent) : [];
    var made = makeMap(box);
    var map = made.map;
    var markers = points.map(function (point) {
      var marker = L.marker([point.latitude, point.longitude], {icon: icon(box), alt: point.label, title: point.label});
      /* A marker is a button (Leaflet makes it focusable): a click, or Enter or Space on it,
       * opens the report, as its link in the list does. */
      marker.on("click", function () { window.location.assign(point.url); });
      marker.on("keypress", function (event) {
        var key = event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          event.originalEvent.preventDefault();
          window.location.assign(point.url);
        }
      });
      return marker.addTo(map);
    });
    if (markers.length) {
      map.fitBounds(L.featureGroup(markers).getBounds(), {padding: [30, 30], maxZoom: 16});
    }
    var svg = document.getElementById(box.dataset.replaces);
    if (svg) {
      svg.hidden = true;
    }
  }

  document.querySelectorAll("[data-map-picker]").forEach(picker);
  document.querySelectorAll("[data-reports-map]").forEach(reportsMap);
})();
