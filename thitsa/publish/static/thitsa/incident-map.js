/* One incident's point over its township polygon; no tile server, no inline script. */
(function () {
  "use strict";

  var el = document.getElementById("incident-map");
  if (!el || !window.L) { return; }
  var d = el.dataset;
  var hasPoint = d.lat !== undefined && d.lon !== undefined;
  if (!hasPoint && !d.townshipUrl) { el.hidden = true; return; }

  var map = L.map(el, { zoomControl: false, scrollWheelZoom: false, maxZoom: 14 });
  // The buttons' titles (read by screen readers) in the page's language.
  L.control.zoom({
    zoomInTitle: d.labelZoomIn || "Zoom in", zoomOutTitle: d.labelZoomOut || "Zoom out"
  }).addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution(d.labelBoundaries || "Boundaries: MIMU");
  var point = hasPoint ? L.latLng(parseFloat(d.lat), parseFloat(d.lon)) : null;
  if (point) {
    map.setView(point, 10);
    L.circleMarker(point, {
      radius: 7, color: "#fff", weight: 2, fillColor: "#bd0026", fillOpacity: 1
    }).addTo(map);
  } else {
    map.fitBounds([[9.6, 92.2], [28.5, 101.2]]);
  }

  if (d.townshipUrl) {
    fetch(d.townshipUrl, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (feature) {
        var shape = L.geoJSON(feature, {
          interactive: false,
          style: { color: "#5b534c", weight: 1.5, fillColor: "#f3d9a4", fillOpacity: 0.5 }
        }).addTo(map);
        shape.bringToBack();
        var bounds = shape.getBounds();
        if (point) { bounds.extend(point); }
        map.fitBounds(bounds, { padding: [12, 12], animate: false });
        el.dataset.townshipDrawn = "1";
      })
      .catch(function (err) { el.dataset.error = String(err); });
  }
})();
