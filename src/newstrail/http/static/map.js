// Leaflet map without tiles: world-atlas country boundaries and circles sized by mentions,
// every file served by this application (no request leaves the server).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 10 }).setView([25, 10], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth via world-atlas");

  function text(s) { var d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function seg(s) { return encodeURIComponent(s); }
  // Rings that cross the antimeridian jump by ~360° between points: make them continuous.
  function unwrapRing(ring) {
    for (var i = 1; i < ring.length; i++) {
      while (ring[i][0] - ring[i - 1][0] > 180) { ring[i][0] -= 360; }
      while (ring[i][0] - ring[i - 1][0] < -180) { ring[i][0] += 360; }
    }
  }
  function unwrap(g) {
    if (!g) { return; }
    if (g.type === "Polygon") { g.coordinates.forEach(unwrapRing); }
    if (g.type === "MultiPolygon") { g.coordinates.forEach(function (p) { p.forEach(unwrapRing); }); }
  }

  fetch("/static/vendor/world-atlas/countries-110m.json").then(function (r) { return r.json(); }).then(function (topo) {
    var countries = topojson.feature(topo, topo.objects.countries);
    // Antarctica's ring runs along the pole and the antimeridian: meaningless in Mercator.
    countries.features = countries.features.filter(function (f) { return f.id !== "010"; });
    countries.features.forEach(function (f) { unwrap(f.geometry); });
    L.geoJSON(countries, { style: { color: "#8a9aa8", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false })
      .addTo(map).bringToBack();
  });

  // Events (data-events: a GeoJSON URL): markers coloured by type, routes as lines in order
  // (origin → via/stops → destination) with numbered stops; each links to its sentence.
  var TYPE_COLORS = {
    AGREE: "#2a9d8f", CONSULT: "#1d6fb8", SUPPORT: "#57a773", CONCEDE: "#8ab17d",
    COOPERATE: "#3c8d5a", AID: "#4caf50", RETREAT: "#9bc53d", REQUEST: "#e9c46a",
    ACCUSE: "#f4a261", REJECT: "#e76f51", THREATEN: "#d62828", PROTEST: "#9d4edd",
    SANCTION: "#b5651d", MOBILIZE: "#6d597a", COERCE: "#c44536", ASSAULT: "#7f0000",
    DISASTER: "#444444", ACCIDENT: "#777777"
  };
  function eventPopup(p) {
    var who = (p.actors || []).join(", ");
    var route = (p.route || []).map(function (r) { return text(r.role) + ": " + text(r.name); }).join(" → ");
    return "<strong>" + text(p.type) + (p.mode ? " · " + text(p.mode) : "") + "</strong> “" +
      text(p.trigger && p.trigger.text) + "”" + (who ? "<br>by " + text(who) : "") +
      (route ? "<br>" + route : "") + (p.time ? "<br>time: " + text(p.time) : "") +
      "<br>according to " + (p.asserted_by_kind === "speaker" ? text(p.asserted_by || "an unresolved source") : "the outlet") +
      (p.reports > 1 ? "<br>reported by " + p.reports + " articles (drawn once)" : "") +
      "<br><a href=\"" + text(p.web) + "\">read the sentence</a>";
  }
  if (el.dataset.events) {
    var fitEvents = !el.dataset.source && !el.dataset.lat;
    fetch(el.dataset.events).then(function (r) { return r.json(); }).then(function (fc) {
      var bounds = [], drawn = {};
      (fc.features || []).forEach(function (f) {
        var p = f.properties || {}, color = TYPE_COLORS[p.type] || "#555555";
        // one cross-article event (the same visit told by several articles) is drawn once
        if (p.group) {
          var key = p.group + " " + f.geometry.type;
          if (drawn[key]) { return; }
          drawn[key] = true;
        }
        if (f.geometry.type === "LineString") {
          var latlngs = f.geometry.coordinates.map(function (c) { return [c[1], c[0]]; });
          L.polyline(latlngs, { color: color, weight: 3, opacity: 0.85, dashArray: "7 5" })
            .bindPopup(eventPopup(p)).addTo(map);
          latlngs.forEach(function (ll, i) {
            var stop = (p.route || [])[i] || {};
            L.circleMarker(ll, { radius: 4, color: color, weight: 2, fillColor: "#ffffff", fillOpacity: 1 })
              .bindTooltip((i + 1) + ". " + text(stop.role) + ": " + text(stop.name)).addTo(map);
            bounds.push(ll);
          });
          return;
        }
        var c = f.geometry.coordinates;
        L.circleMarker([c[1], c[0]], { radius: 7, color: "#222222", weight: 1, fillColor: color, fillOpacity: 0.9 })
          .bindPopup(eventPopup(p)).bindTooltip(text(p.type) + (p.place ? " · " + text(p.place) : ""))
          .addTo(map);
        bounds.push([c[1], c[0]]);
      });
      if (fitEvents && bounds.length > 1) { map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7 }); }
      else if (fitEvents && bounds.length === 1) { map.setView(bounds[0], 6); }
    });
  }

  if (el.dataset.lat) {
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    L.circleMarker([lat, lon], { radius: 9, color: "#b33c1a", fillColor: "#e4572e", fillOpacity: 0.8 })
      .addTo(map).bindTooltip(el.dataset.name || "");
    map.setView([lat, lon], 5);
    return;
  }
  var source = el.dataset.source;
  if (!source) { return; }
  fetch(source).then(function (r) { return r.json(); }).then(function (page) {
    var items = page.items || [], max = 1, bounds = [];
    items.forEach(function (p) { max = Math.max(max, p.mentions); });
    items.forEach(function (p) {
      if (p.lat == null || p.lon == null) { return; }
      var radius = 4 + 18 * Math.sqrt(p.mentions / max);
      var marker = L.circleMarker([p.lat, p.lon], { radius: radius, color: "#b33c1a", weight: 1, fillColor: "#e4572e", fillOpacity: 0.6 });
      marker.bindPopup(
        "<strong><a href=\"/place/" + seg(p.name) + "\">" + text(p.name) + "</a></strong>" +
        (p.country ? " (" + text(p.country) + ")" : "") + "<br>" +
        text(p.mentions) + " mention" + (p.mentions === 1 ? "" : "s") + " in " +
        "<a href=\"/?place=" + seg(p.name) + "\">" + text(p.articles) + " article" + (p.articles === 1 ? "" : "s") + "</a>"
      );
      marker.bindTooltip(text(p.name) + " · " + text(p.mentions));
      marker.addTo(map);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [40, 40], maxZoom: 6 }); }
    else if (bounds.length === 1) { map.setView(bounds[0], 5); }
  });
})();
