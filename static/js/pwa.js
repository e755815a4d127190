/* Registers the portal's service worker (served at the site root, /sw.js). Without
   service workers (or without this script) the portal works as a plain website. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) {
    return;
  }
  var url = script.dataset.worker;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(url, { scope: "/" }).catch(function () {
      // No worker (private mode, an old browser): the site still works online.
    });
  });
})();
