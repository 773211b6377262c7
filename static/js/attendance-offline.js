/* A small queue kept in localStorage for things made while the connection is down, plus the
   service worker that keeps the roster and check-in pages available offline. */
(function () {
  "use strict";

  function read(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }

  function write(key, items) {
    window.localStorage.setItem(key, JSON.stringify(items));
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  /* POST JSON; resolves to {status, body} or rejects when there is no connection. */
  function postJSON(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(data)
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return {status: response.status, body: null, signin: response.redirected || response.ok};
      }
      return response.json().then(function (body) { return {status: response.status, body: body}; });
    });
  }

  function registerWorker(extra) {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.register("/sessions/sw.js", {scope: "/"}).catch(function () {});
    if (!window.caches) { return; }
    /* Keep this page and what it needs in the cache now, so it opens offline next time. */
    var urls = [window.location.pathname].concat(extra || []);
    document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (el) {
      urls.push(el.getAttribute("href") || el.getAttribute("src"));
    });
    window.caches.open("attendance-v1").then(function (cache) {
      urls.forEach(function (url) {
        fetch(url, {credentials: "same-origin"}).then(function (response) {
          if (response.ok && !response.redirected) { cache.put(url, response); }
        }).catch(function () {});
      });
    }).catch(function () {});
  }

  window.AttendanceOffline = {read: read, write: write, postJSON: postJSON, registerWorker: registerWorker};
})();
