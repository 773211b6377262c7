/* Service worker: the roster and check-in pages (and the files they use) are fetched from the
   network when there is one, and from the cache when there is not. Nothing else is touched. */
"use strict";

var CACHE = "attendance-v1";
var PAGES = [/^\/sessions\/\d+\/roster$/, /^\/checkin$/];

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var isPage = PAGES.some(function (re) { return re.test(url.pathname); });
  var isAsset = url.pathname.indexOf("/static/") === 0;
  if (!isPage && !isAsset) { return; }
  var key = isPage ? url.pathname : url.pathname + url.search;
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok && !response.redirected && response.type === "basic") {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
      }
      return response;
    }).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(key, {ignoreSearch: isPage}).then(function (hit) {
          return hit || Response.error();
        });
      });
    })
  );
});
