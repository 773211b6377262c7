/* The check-in screen: fetch the new code and QR code when the 30-second step changes. */
(function () {
  "use strict";
  var screen = document.getElementById("code-screen");
  if (!screen) { return; }
  var codeEl = document.getElementById("checkin-code");
  var qrEl = document.getElementById("checkin-qr");
  var secondsEl = document.getElementById("code-seconds");
  var left = parseInt(secondsEl.dataset.seconds, 10) || 30;

  var loading = false;

  function refresh() {
    if (loading) { return; }
    loading = true;
    fetch(screen.dataset.url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        codeEl.textContent = data.code;
        qrEl.src = data.qr;
        left = data.seconds_left;
        loading = false;
      })
      .catch(function () { left = 2; loading = false; });
  }

  window.setInterval(function () {
    left -= 1;
    secondsEl.textContent = left > 0 ? "(" + left + ")" : "";
    if (left <= 0) { refresh(); }
  }, 1000);
})();
