/* Choropleth of public incident counts by township, drawn from our own GeoJSON (no tile server).
   Everything it needs comes from data-* attributes on #incident-map, so the page has no inline
   script and a strict CSP can forbid them. */
(function () {
  "use strict";

  var el = document.getElementById("incident-map");
  if (!el || !window.L) { return; }
  var d = el.dataset;

  // Sequential palette (ColorBrewer YlOrRd, 6 classes); townships with no incident stay pale.
  var COLORS = ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"];
  var EMPTY = "#f3f1ee";

  // Class breaks from the data's maximum: 1, 2, 5, 10, 20, 50, ... so the legend reads easily.
  function breaksFor(max) {
    var nice = [1], step = 0, mult = [2, 2.5, 2];
    while (nice[nice.length - 1] * 2 <= max && nice.length < COLORS.length) {
      nice.push(Math.round(nice[nice.length - 1] * mult[step % 3]));
      step += 1;
    }
    return nice;
  }

  function colorFor(n, breaks) {
    if (!n) { return EMPTY; }
    var i = breaks.length - 1;
    while (i > 0 && n < breaks[i]) { i -= 1; }
    return COLORS[Math.round(i * (COLORS.length - 1) / Math.max(breaks.length - 1, 1))];
  }

  // Figures in the page's digits: Burmese pages (<html lang="my">) write ၀-၉.
  var BURMESE = (document.documentElement.lang || "").split("-")[0] === "my";
  function fmt(n) {
    var text = Number(n).toLocaleString("en");
    if (!BURMESE) { return text; }
    return text.replace(/[0-9]/g, function (c) { return String.fromCharCode(0x1040 + Number(c)); });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  function listUrl(pcode) {
    var q = new URLSearchParams(d.query || "");
    q.set("place", pcode);
    q.delete("page");
    return d.listUrl + "?" + q.toString();
  }

  // State names in Burmese, by P-code, from states.geojson (the township features carry only
  // the English one); filled in once that file arrives.
  var stateNames = {};

  // "English · Burmese", or "Burmese · English" on Burmese pages, as the server's place_name.
  function nameOf(p) {
    if (!p.name_my) { return p.name_en; }
    return BURMESE ? p.name_my + " · " + p.name_en : p.name_en + " · " + p.name_my;
  }

  function stateOf(p) {
    if (!p.state_en) { return ""; }
    return nameOf({ name_en: p.state_en, name_my: stateNames[p.state_pcode] });
  }

  function nameNodes(box, en, my) {
    var parts = [[en, "en"]];
    if (my) { parts[BURMESE ? "unshift" : "push"]([my, "my"]); }
    parts.forEach(function (part, i) {
      if (i) { box.appendChild(document.createTextNode(" · ")); }
      var span = document.createElement(i ? "span" : "strong");
      span.lang = part[1];
      span.textContent = part[0];
      box.appendChild(span);
    });
  }

  function countText(n) {
    if (!n) { return d.labelNone; }
    return (n === 1 ? d.labelCountOne : d.labelCountMany).replace("%(n)s", fmt(n));
  }

  function popupContent(p, n) {
    var box = document.createElement("div");
    box.className = "map-popup";
    nameNodes(box, p.name_en, p.name_my);
    var sub = document.createElement("div");
    sub.className = "popup-sub";
    var state = stateOf(p);
    sub.textContent = (state ? state + " · " : "") + p.pcode;
    box.appendChild(sub);
    var count = document.createElement("div");
    count.textContent = countText(n);
    box.appendChild(count);
    if (n) {
      var a = document.createElement("a");
      a.href = listUrl(p.pcode);
      a.textContent = d.labelList + " →";
      box.appendChild(a);
    }
    return box;
  }

  function addLegend(map, breaks) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      var h = document.createElement("strong");
      h.textContent = d.labelLegend;
      div.appendChild(h);
      var rows = [[0, d.labelNone]];
      breaks.forEach(function (b, i) {
        var next = breaks[i + 1];
        var text = next === undefined ? fmt(b) + "+"
          : (next - 1 > b ? fmt(b) + "–" + fmt(next - 1) : fmt(b));
        rows.push([b, text]);
      });
      rows.forEach(function (row) {
        var line = document.createElement("div");
        var swatch = document.createElement("span");
        swatch.className = "swatch";
        swatch.style.background = colorFor(row[0], breaks);
        line.appendChild(swatch);
        line.appendChild(document.createTextNode(row[1]));
        div.appendChild(line);
      });
      return div;
    };
    legend.addTo(map);
  }

  // Myanmar's extent, so the frame is right before the polygons arrive.
  var map = L.map(el, {
    zoomSnap: 0.25, attributionControl: true, minZoom: 4, maxZoom: 12, zoomControl: false
  }).fitBounds([[9.6, 92.2], [28.5, 101.2]]);
  // The buttons' titles (read by screen readers) in the page's language.
  L.control.zoom({
    zoomInTitle: d.labelZoomIn || "Zoom in", zoomOutTitle: d.labelZoomOut || "Zoom out"
  }).addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution(d.labelBoundaries || "Boundaries: MIMU");

  var requests = [getJSON(d.townshipsUrl), getJSON(d.countsUrl)];
  if (d.statesUrl) { requests.push(getJSON(d.statesUrl)); }

  Promise.all(requests).then(function (res) {
    var shapes = res[0], data = res[1], states = res[2];
    var counts = data.counts || {};
    var max = 0;
    Object.keys(counts).forEach(function (k) { max = Math.max(max, counts[k]); });
    var breaks = breaksFor(max);
    if (states) {
      states.features.forEach(function (f) {
        stateNames[f.properties.pcode] = f.properties.name_my;
      });
    }

    var layer = L.geoJSON(shapes, {
      style: function (f) {
        var n = counts[f.properties.pcode] || 0;
        return { color: "#8a8178", weight: 0.5, fillColor: colorFor(n, breaks), fillOpacity: 0.85 };
      },
      onEachFeature: function (f, lyr) {
        var n = counts[f.properties.pcode] || 0;
        lyr.bindTooltip(nameOf(f.properties) + ": " + countText(n), { sticky: true });
        lyr.bindPopup(popupContent(f.properties, n));
        lyr.on("mouseover", function () { lyr.setStyle({ weight: 2, color: "#222" }); });
        lyr.on("mouseout", function () { layer.resetStyle(lyr); });
      }
    }).addTo(map);

    if (states) {
      L.geoJSON(states, {
        interactive: false,
        style: { color: "#3b3530", weight: 1.5, fill: false }
      }).addTo(map);
    }
    addLegend(map, breaks);
    map.fitBounds(layer.getBounds(), { padding: [8, 8], animate: false });

    var summary = document.getElementById("map-summary");
    if (summary) {
      summary.textContent = d.labelTotal
        .replace("%(total)s", fmt(data.total))
        .replace("%(unplaced)s", fmt(data.without_township));
    }
    // Tests (and anyone curious) can tell the map finished drawing, and how much.
    el.dataset.townshipsDrawn = String(layer.getLayers().length);
    el.dataset.incidentsCounted = String(data.total);
  }).catch(function (err) {
    el.dataset.error = String(err);
    var summary = document.getElementById("map-summary");
    if (summary) { summary.textContent = d.labelError; }
  });
})();
