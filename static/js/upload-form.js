/* Grid-work forms on a weak signal. Without this script the form posts as usual.
   With it: the chosen photos are listed, the upload shows its progress, a form that
   comes back with errors keeps the chosen photos (only the form is swapped), and a
   lost connection leaves everything in place for another try (the hidden
   submission key makes the retry save once). */
(function () {
  "use strict";

  function listFiles(form) {
    var input = form.querySelector("input[type=file]");
    var list = form.querySelector("[data-chosen-files]");
    if (!input || !list) {
      return;
    }
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      item.textContent = file.name + " (" + (file.size / 1048576).toFixed(1) + " MB)";
      list.appendChild(item);
    });
    if (input.files.length > Number(form.dataset.maxFiles || 6)) {
      var warning = document.createElement("li");
      warning.className = "text-danger fw-bold";
      warning.textContent = form.dataset.msgTooMany;
      list.appendChild(warning);
    }
  }

  function ready(form) {
    delete form.dataset.submitted;
    delete form.dataset.sending;
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.disabled = false;
    });
  }

  function swap(form, html) {
    var fresh = new DOMParser()
      .parseFromString(html, "text/html")
      .querySelector("form[data-upload-form]");
    if (!fresh) {
      return false;
    }
    fresh = document.adoptNode(fresh);
    var oldInput = form.querySelector("input[type=file]");
    var newInput = fresh.querySelector("input[type=file]");
    if (oldInput && newInput && oldInput.files.length) {
      // The photos stay chosen: no need to ask for them again.
      oldInput.className = newInput.className;
      newInput.parentNode.replaceChild(oldInput, newInput);
      var note = fresh.querySelector("[data-rechoose]");
      if (note) {
        note.parentNode.removeChild(note);
      }
    }
    form.parentNode.replaceChild(fresh, form);
    setUp(fresh);
    listFiles(fresh);
    var errors = fresh.querySelector("#form-errors");
    if (errors) {
      errors.focus();
    }
    return true;
  }

  function send(form) {
    var box = form.querySelector("[data-upload-progress]");
    var bar = box && box.querySelector("progress");
    var status = box && box.querySelector("[data-upload-status]");
    var xhr = new XMLHttpRequest();

    function say(text, value) {
      if (!box) {
        return;
      }
      box.hidden = false;
      status.textContent = text;
      if (value !== undefined) {
        bar.value = value;
      }
    }

    function failed() {
      // static/js/outbox.js may keep the entry on the phone instead (it cancels).
      var kept = !form.dispatchEvent(
        new CustomEvent("upload-form:failed", { cancelable: true })
      );
      if (!kept) {
        say(form.dataset.msgFailed);
      }
      ready(form);
    }

    xhr.open("POST", form.action || window.location.href);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        var percent = Math.round((event.loaded * 100) / event.total);
        say(form.dataset.msgSending + " " + percent + "%", percent);
      }
    });
    xhr.addEventListener("load", function () {
      var next = xhr.getResponseHeader("X-Location");
      if (xhr.status === 204 && next) {
        window.location.assign(next);
      } else if (xhr.status === 200 && swap(form, xhr.responseText)) {
        return;
      } else if (xhr.status === 200 && xhr.responseURL) {
        window.location.assign(xhr.responseURL); // for instance the login page
      } else {
        failed();
      }
    });
    xhr.addEventListener("error", failed);
    xhr.addEventListener("timeout", failed);
    xhr.timeout = 300000;
    say(form.dataset.msgSending, 0);
    xhr.send(new FormData(form));
  }

  function setUp(form) {
    var input = form.querySelector("input[type=file]");
    if (input) {
      input.addEventListener("change", function () {
        listFiles(form);
      });
    }
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !window.DOMParser) {
        return;
      }
      event.preventDefault();
      // portal.js marks the form and disables its button: one send per tap.
      if (form.dataset.sending === "1") {
        return;
      }
      form.dataset.sending = "1";
      send(form);
    });
  }

  document.querySelectorAll("form[data-upload-form]").forEach(setUp);
})();
