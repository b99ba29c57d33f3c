// ESLint for the map's own scripts (geo/render/static/*.js), the page's (ui/js/*.js) and the
// front's (deploy/*.js):
// plain ES5 in the browser, no build step; the map's on top of Leaflet and its plugins
// (globals L and window.GeoMap).
"use strict";
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["geo/render/static/**/*.js", "ui/js/**/*.js", "deploy/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser, L: "readonly" },
    },
    rules: {
      "no-var": "off",
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
    },
  },
];
