// The attempt page: save every change at once, show the time left, move ordering items.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var status = document.getElementById("save-status");
  var texts = document.getElementById("quiz-messages").dataset;
  var saveUrl = form.dataset.saveUrl;
  var timer = null, inFlight = false, again = false;

  function show(message, isError) {
    status.textContent = message;
    status.classList.toggle("is-error", !!isError);
  }

  function save() {
    if (inFlight) { again = true; return; }
    inFlight = true;
    show(texts.saving, false);
    fetch(saveUrl, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: {"X-Requested-With": "fetch", "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).then(function (result) {
      if (result.data.csrf_token) { form.elements.csrf_token.value = result.data.csrf_token; }
      if (result.data.ok) {
        show(texts.saved + " · " + result.data.saved_at, false);
      } else {
        show(result.data.message, true);
        if (result.status === 409 && result.data.review_url) { window.location.assign(result.data.review_url); }
      }
    }).catch(function () {
      show(texts.failed, true);
      window.setTimeout(schedule, 5000);
    }).then(function () {
      inFlight = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay || 250);
  }

  form.addEventListener("change", function () { schedule(); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") { schedule(1500); }
  });

  // Ordering: buttons to move items; the hidden field holds the order as item ids.
  Array.prototype.forEach.call(form.querySelectorAll("[data-ordering]"), function (box) {
    var list = box.querySelector("ol");
    var input = box.querySelector("input");
    box.querySelector(".ordering-input").hidden = true;
    function sync() {
      input.value = Array.prototype.map.call(list.children, function (li) { return li.dataset.id; }).join(",");
      schedule();
    }
    Array.prototype.forEach.call(list.children, function (li) {
      [["up", texts.up, "↑"], ["down", texts.down, "↓"]].forEach(function (spec) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "move move-" + spec[0];
        button.textContent = spec[2];
        button.setAttribute("aria-label", spec[1]);
        button.addEventListener("click", function () {
          if (spec[0] === "up" && li.previousElementSibling) { list.insertBefore(li, li.previousElementSibling); }
          if (spec[0] === "down" && li.nextElementSibling) { list.insertBefore(li.nextElementSibling, li); }
          sync();
          button.focus();
        });
        li.appendChild(button);
      });
    });
  });

  // Countdown: the server's deadline; at zero the form is submitted with what is on the page.
  var countdown = document.getElementById("countdown");
  if (countdown) {
    var deadline = Date.parse(countdown.dataset.deadline);
    var submitted = false;
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      countdown.textContent = texts.timeLeft + ": " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      countdown.classList.toggle("is-urgent", left < 120);
      if (left === 0 && !submitted) {
        submitted = true;
        countdown.textContent = texts.timeUp;
        form.submit();
      }
    };
    tick();
    window.setInterval(tick, 1000);
  }
})();
