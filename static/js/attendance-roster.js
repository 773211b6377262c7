/* The roster: marks are queued on this device with the time they were made, then sent; when the
   connection is down they wait (the count is shown) and go as soon as it returns. */
(function () {
  "use strict";
  var form = document.getElementById("roster-form");
  if (!form || !window.AttendanceOffline) { return; }
  var O = window.AttendanceOffline;
  var key = "attendance-marks:" + form.dataset.session;
  var statusEl = document.getElementById("sync-status");
  var pendingEl = document.getElementById("pending");
  var countEl = document.getElementById("pending-count");
  var sending = false;

  function showPending() {
    var n = O.read(key).length;
    countEl.textContent = String(n);
    pendingEl.hidden = n === 0;
  }

  function say(text, kind) {
    statusEl.textContent = text;
    statusEl.className = kind ? "flash flash-" + kind : "";
  }

  function field(row, name) {
    return row.querySelector("[name='" + name + "-" + row.dataset.trainee + "']");
  }

  function touch(row) {
    row.dataset.changed = "1";
    row.dataset.changedAt = new Date().toISOString();
  }

  function rowMark(row) {
    var checked = row.querySelector("input[type=radio]:checked");
    if (!checked) { return null; }
    var minutes = field(row, "minutes").value.trim();
    return {
      trainee: parseInt(row.dataset.trainee, 10),
      status: checked.value,
      minutes: minutes === "" ? null : (/^\d+$/.test(minutes) ? parseInt(minutes, 10) : minutes),
      reason: field(row, "reason").value.trim() || null,
      note: field(row, "note").value.trim() || null,
      at: row.dataset.changedAt || new Date().toISOString()
    };
  }

  function sameItem(a, b) { return a.trainee === b.trainee && a.at === b.at; }

  function drop(sent) {
    O.write(key, O.read(key).filter(function (m) { return !sent.some(function (s) { return sameItem(s, m); }); }));
    showPending();
  }

  function flush() {
    var items = O.read(key);
    if (!items.length || sending) { return; }
    sending = true;
    O.postJSON(form.dataset.syncUrl, {marks: items}).then(function (result) {
      sending = false;
      if (result.body && result.body.ok) {
        drop(items);
        say(form.dataset.msgSaved + " " + result.body.message, "success");
      } else if (result.body) {
        drop(items);
        items.forEach(function (m) {
          var row = form.querySelector("tr[data-trainee='" + m.trainee + "']");
          if (row) { row.dataset.changed = "1"; }
        });
        say(form.dataset.msgRefused + " " + result.body.message, "error");
      } else {
        say(form.dataset.msgSignin, "error");
      }
    }, function () {
      sending = false;
      showPending();
      say(form.dataset.msgQueued, "info");
    });
  }

  form.addEventListener("change", function (event) {
    var row = event.target.closest("tr[data-trainee]");
    if (row) { touch(row); }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var action = event.submitter ? event.submitter.value : "save";
    var rows = form.querySelectorAll("tr[data-trainee]");
    if (action === "all-present") {
      rows.forEach(function (row) {
        if (!row.classList.contains("inactive") && !row.querySelector("input[type=radio]:checked")) {
          row.querySelector("input[type=radio][value=present]").checked = true;
          touch(row);
        }
      });
      return;
    }
    var marks = [];
    rows.forEach(function (row) {
      if (!row.dataset.changed) { return; }
      var mark = rowMark(row);
      if (mark) { marks.push(mark); }
      delete row.dataset.changed;
    });
    if (!marks.length) { say(form.dataset.msgSaved, "success"); return; }
    O.write(key, O.read(key).filter(function (m) {
      return !marks.some(function (n) { return n.trainee === m.trainee; });
    }).concat(marks));
    showPending();
    flush();
  });

  /* The page may come from the cache: show the marks still waiting on it. */
  O.read(key).forEach(function (m) {
    var row = form.querySelector("tr[data-trainee='" + m.trainee + "']");
    if (!row) { return; }
    var radio = row.querySelector("input[type=radio][value=" + m.status + "]");
    if (radio) { radio.checked = true; }
    field(row, "minutes").value = m.minutes === null ? "" : m.minutes;
    field(row, "reason").value = m.reason || "";
    field(row, "note").value = m.note || "";
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, 20000);
  showPending();
  flush();
  O.registerWorker();
})();
