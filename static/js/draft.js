// Keeps a draft of an area page's choices on this device until the page is saved, so closing the
// tab loses nothing; on return, only questions without a saved answer are filled in from the draft.
// Nothing leaves the browser, and the page works the same without it.
(function () {
  var form = document.querySelector("form[data-draft]");
  if (!form || !window.localStorage) {
    return;
  }
  var key = "draft-" + form.getAttribute("data-draft");
  var note = document.querySelector(".draft-note");

  function read() {
    try {
      return JSON.parse(localStorage.getItem(key)) || {};
    } catch (e) {
      return {};
    }
  }

  var draft = read();
  var restored = false;
  Object.keys(draft).forEach(function (name) {
    var group = form.querySelectorAll('input[type="radio"][name="' + CSS.escape(name) + '"]');
    var answered = Array.prototype.some.call(group, function (input) { return input.checked; });
    if (answered) {
      return;
    }
    Array.prototype.forEach.call(group, function (input) {
      if (input.value === draft[name]) {
        input.checked = true;
        restored = true;
      }
    });
  });
  if (restored && note) {
    note.hidden = false;
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type !== "radio") {
      return;
    }
    var current = read();
    current[input.name] = input.value;
    try {
      localStorage.setItem(key, JSON.stringify(current));
    } catch (e) {
      // Storage full or blocked: the page still saves on the server.
    }
  });

  form.addEventListener("submit", function () {
    localStorage.removeItem(key);
  });
})();
