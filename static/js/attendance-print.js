/* The sign-in sheet's Print button. */
(function () {
  "use strict";
  var button = document.getElementById("print-sheet");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
