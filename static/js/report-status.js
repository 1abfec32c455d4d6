// The PDF's page, where JavaScript runs: while the report is being made, asks the page again every
// few seconds (never reloading it) and says so in the live region; when it is ready, shows the
// ready state, starts the download and says it has downloaded. Without it, "Check again" does the same.
(function () {
  var box = document.getElementById("report-state");
  var live = document.getElementById("report-live");
  if (!box || !live || !window.fetch || !window.DOMParser) {
    return;
  }
  // As often as the server suggests: less often when many reports are queued ahead (rendering.py).
  var EVERY = Math.max(3, parseInt(box.getAttribute("data-seconds"), 10) || 3) * 1000;
  var TRIES = Math.ceil(180000 / EVERY);

  function showDownloaded() {
    var ready = box.querySelector(".report-ready");
    var done = box.querySelector(".report-downloaded");
    if (!ready || !done) {
      return;
    }
    ready.hidden = true;
    done.hidden = false;
    document.title = done.querySelector("h1").textContent + " – " + document.title.split(" – ").pop();
    live.classList.add("visually-hidden"); // read out; on screen the heading says it already
    live.textContent = done.querySelector("h1").textContent;
  }

  function listen() {
    var link = box.querySelector("[data-download]");
    if (link) {
      link.addEventListener("click", function () {
        window.setTimeout(showDownloaded, 500);
      });
    }
  }

  function ready(fresh, title) {
    document.getElementById("report-body").replaceChildren(
      ...Array.prototype.map.call(fresh.getElementById("report-body").childNodes, function (node) {
        return document.importNode(node, true);
      })
    );
    box.setAttribute("data-state", "ready");
    document.title = title;
    listen();
    window.location.assign(box.getAttribute("data-pdf-url")); // an attachment: this page stays
    window.setTimeout(showDownloaded, 500);
  }

  function check(tries) {
    fetch(box.getAttribute("data-page-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (response.status >= 500) {
          window.location.assign(box.getAttribute("data-page-url")); // the page that says what went wrong
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var state = fresh.getElementById("report-state");
        if (state && state.getAttribute("data-state") === "ready") {
          ready(fresh, fresh.title);
        } else if (tries < TRIES) {
          window.setTimeout(check, EVERY, tries + 1);
        } else {
          live.textContent = box.getAttribute("data-still-waiting");
        }
      })
      .catch(function () {
        live.textContent = box.getAttribute("data-still-waiting");
      });
  }

  if (box.getAttribute("data-state") === "ready") {
    listen();
  } else {
    var manual = box.querySelector(".report-manual"); // "press Check again": this script checks instead
    if (manual) {
      manual.hidden = true;
    }
    live.textContent = box.getAttribute("data-checking");
    window.setTimeout(check, EVERY, 1);
  }
})();
