"""The web UI: Jinja2 templates (autoescaped), a little vanilla JS, and vendored front-end assets
(Leaflet, world-atlas, topojson-client, Swagger UI; see ``static/vendor/VENDOR.txt``), all served
by the app itself so nothing is fetched from elsewhere at run time."""
