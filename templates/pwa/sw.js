/* The portal's service worker, written by hand (no library). Served at /sw.js so
   that its scope is the whole site; rendered by community_portal/pwa.py, which fills
   in CONFIG (the cache version of this deploy and the URLs below).

   - app shell (CSS, scripts, icons, the offline page): precached, cache-first;
   - pages: network-first; the grid worker's pages are kept after each visit and
     shown from the cache without a signal; any other page falls back to the offline
     page; nothing but a complete 200 answer is kept;
   - the grid worker's home and its three forms are fetched ahead (CONFIG.workPages),
     so that they open without a signal on first use: at install when the worker is
     signed in already, and when a grid worker's page asks (static/js/outbox.js: the
     worker usually installs before the login); a visitor who may not see them gets
     a redirect or a 403, which is not kept;
   - a new deploy has a new version: the new worker precaches, takes over at once
     and deletes every cache of an older version (no stale pages after a release);
   - logging out deletes the kept pages;
   - web push: shows the notice and opens its page when tapped. */
"use strict";

{% autoescape off %}var CONFIG = {{ config }};{% endautoescape %}
var PREFIX = "portal-";
var SHELL = PREFIX + "shell-" + CONFIG.version;
var PAGES = PREFIX + "pages-" + CONFIG.version;

// The language prefix of a path ("/en/" or "/"); CONFIG.offline has the longest first.
function languagePrefix(path) {
  var prefixes = Object.keys(CONFIG.offline);
  for (var i = 0; i < prefixes.length; i++) {
    if (path.indexOf(prefixes[i]) === 0) {
      return prefixes[i];
    }
  }
  return "/";
}

function offlineUrl(path) {
  return CONFIG.offline[languagePrefix(path)];
}

function isWorkPage(path) {
  return CONFIG.workPrefixes.some(function (prefix) {
    return path.indexOf(prefix) === 0;
  });
}

function keepable(response) {
  return response && response.ok && response.status === 200 &&
    response.type === "basic" && !response.redirected;
}

// One request after another: gentle on a weak signal and on a small server.
function inTurn(items, step) {
  return items.reduce(function (chain, item) {
    return chain.then(function () { return step(item); });
  }, Promise.resolve());
}

// The grid worker's pages of one language, fetched ahead with the session's cookie;
// the ones kept already are left alone. Stops at the first page that is refused
// (not signed in, not a grid worker): never fails the install.
function precacheWork(prefix, refresh) {
  var urls = CONFIG.workPages[prefix] || [];
  return caches.open(PAGES).then(function (cache) {
    var refused = false;
    return inTurn(urls, function (url) {
      if (refused) {
        return undefined;
      }
      return cache.match(url, { ignoreVary: true }).then(function (kept) {
        if (kept && !refresh) {
          return undefined;
        }
        var request = new Request(url, { credentials: "same-origin", redirect: "manual" });
        return fetch(request).then(function (response) {
          if (!keepable(response)) {
            refused = true;
            return undefined;
          }
          return cache.put(url, response);
        });
      });
    });
  }).catch(function () {
    return undefined; // no signal: next time
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      // The offline page as an anonymous visitor sees it: no name, no token.
      var offline = Object.keys(CONFIG.offline).map(function (key) {
        return new Request(CONFIG.offline[key], { credentials: "omit" });
      });
      return inTurn(CONFIG.shell.concat(offline), function (request) {
        return cache.add(request);
      });
    }).then(function () {
      return precacheWork("/", true);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== SHELL && name !== PAGES;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function page(event, url) {
  return fetch(event.request).then(function (response) {
    if (isWorkPage(url.pathname) && keepable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        return cache.put(event.request, copy);
      }));
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(event.request, { ignoreVary: true });
    }).then(function (kept) {
      return kept || caches.match(offlineUrl(url.pathname), { cacheName: SHELL });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.method === "POST" && CONFIG.logout.indexOf(url.pathname) !== -1) {
    // Signed out: the kept pages were this person's.
    event.waitUntil(caches.delete(PAGES));
    return;
  }
  if (request.method !== "GET") {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event, url));
    return;
  }
  if (url.pathname.indexOf(CONFIG.staticPrefix) === 0) {
    event.respondWith(
      caches.match(request, { cacheName: SHELL }).then(function (hit) {
        return hit || fetch(request);
      })
    );
  }
});

// --- web push ----------------------------------------------------------------------
// The payload is JSON: {"title": "…", "body": "…", "url": "/path/"}. Only a page of
// the portal itself is opened when the notice is tapped.

function portalUrl(value) {
  try {
    var url = new URL(value || "/", self.location.origin);
    return url.origin === self.location.origin ? url.href : self.location.origin + "/";
  } catch (error) {
    return self.location.origin + "/";
  }
}

self.addEventListener("push", function (event) {
  var data = {};
  if (event.data) {
    try {
      data = event.data.json();
    } catch (error) {
      data = { body: event.data.text() };
    }
  }
  event.waitUntil(self.registration.showNotification(data.title || CONFIG.title, {
    body: data.body || "",
    icon: CONFIG.icon,
    badge: CONFIG.badge,
    data: { url: portalUrl(data.url) }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = portalUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
      for (var i = 0; i < windows.length; i++) {
        if (windows[i].url === target && "focus" in windows[i]) {
          return windows[i].focus();
        }
      }
      return self.clients.openWindow(target);
    })
  );
});

// --- the grid worker's outbox ------------------------------------------------------
// A grid worker's page (signed in) asks for the work pages to be kept ahead.
self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "precache-work" || !event.source) {
    return;
  }
  var path = new URL(event.source.url).pathname;
  event.waitUntil(precacheWork(languagePrefix(path), false));
});

// Background Sync where the browser has it: tell the open pages to send the outbox
// (they hold the session's form pages and tokens; see static/js/outbox.js).
self.addEventListener("sync", function (event) {
  if (event.tag !== "portal-outbox") {
    return;
  }
  event.waitUntil(
    self.clients.matchAll({ type: "window" }).then(function (windows) {
      windows.forEach(function (client) {
        client.postMessage({ type: "outbox-send" });
      });
    })
  );
});
