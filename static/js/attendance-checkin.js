/* Check-in: the code is kept on the phone with the time it was entered, and sent at once or,
   without a connection, as soon as the connection returns. */
(function () {
  "use strict";
  var form = document.getElementById("checkin-form");
  if (!form || !window.AttendanceOffline) { return; }
  var O = window.AttendanceOffline;
  var key = "attendance-checkins";
  var codeInput = form.querySelector("[name=code]");
  var sessionInput = form.querySelector("[name=session]");
  var resultEl = document.getElementById("checkin-result");
  var pendingEl = document.getElementById("pending");
  var countEl = document.getElementById("pending-count");
  var enteredAt = codeInput.value ? new Date().toISOString() : null;  /* opened from the QR code */
  var sending = false;

  function showPending() {
    var n = O.read(key).length;
    countEl.textContent = String(n);
    pendingEl.hidden = n === 0;
  }

  function say(text, kind) {
    resultEl.textContent = text;
    resultEl.className = "checkin-result flash flash-" + kind;
  }

  function flush() {
    var items = O.read(key);
    if (!items.length || sending) { return; }
    sending = true;
    var item = items[0];
    O.postJSON(window.location.pathname, item).then(function (result) {
      sending = false;
      if (result.status === 429 && result.body) {
        say(result.body.message, "error");
        return;
      }
      if (!result.body) { say(form.dataset.msgSignin, "error"); return; }
      O.write(key, O.read(key).filter(function (m) { return !(m.code === item.code && m.at === item.at); }));
      showPending();
      say(result.body.message, result.body.ok ? "success" : "error");
      flush();
    }, function () {
      sending = false;
      showPending();
      say(form.dataset.msgQueued, "info");
    });
  }

  codeInput.addEventListener("input", function () { enteredAt = new Date().toISOString(); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeInput.value.trim();
    if (!code) { codeInput.focus(); return; }
    O.write(key, O.read(key).concat([{
      code: code, at: enteredAt || new Date().toISOString(), session: sessionInput.value || null
    }]));
    codeInput.value = "";
    enteredAt = null;
    showPending();
    flush();
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, 20000);
  showPending();
  flush();
  O.registerWorker();
})();
