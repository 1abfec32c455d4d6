// Moves focus to the error summary when a page shows one (GOV.UK pattern), so screen readers
// announce it and keyboard users start from its links. Without JavaScript it is still first.
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
