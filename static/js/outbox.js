/* The grid worker's drafts and outbox, kept on the phone in IndexedDB.

   - Drafts: a new visit log, issue report or sorting check (form[data-draft]) is
     saved as the worker types: its fields and its chosen photos, resized here first
     (a canvas re-encodes them, which also drops their EXIF data and GPS position).
     A reload, a closed tab or a restarted phone brings the draft back.
   - Outbox: "Save" without a signal (or a send that fails) keeps the entry in the
     outbox; the header and the grid work page show how many wait.
   - Sync: on the next open, on the `online` event and on Background Sync (the
     service worker asks the open pages) each entry is sent with its own submission
     key, so an entry sent twice is saved once. Saved entries leave the outbox;
     refused ones stay with the server's message; an ended session asks to log in.
   Strings come from the data attributes of this script's tag (base.html). */
(function () {
  "use strict";

  var script = document.getElementById("outbox-script");
  if (!script || !window.indexedDB || !window.FormData || !window.fetch) {
    return;
  }
  var msg = script.dataset;
  var DB_NAME = "portal-grid-work";
  var MAX_SIDE = 1600;
  var LOGIN_PATH = "/accounts/login/";
  var sending = false;

  // --- IndexedDB ---------------------------------------------------------------------
  var opening = null;

  function db() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("drafts", { keyPath: "form" });
          request.result.createObjectStore("outbox", { keyPath: "key" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opening;
  }

  function run(store, mode, action) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var tx = database.transaction(store, mode);
        var result;
        var request = action(tx.objectStore(store));
        if (request) {
          request.onsuccess = function () { result = request.result; };
        }
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function get(store, key) {
    return run(store, "readonly", function (s) { return s.get(key); });
  }
  function put(store, value) {
    return run(store, "readwrite", function (s) { return s.put(value); });
  }
  function remove(store, key) {
    return run(store, "readwrite", function (s) { return s.delete(key); });
  }
  function all(store) {
    return run(store, "readonly", function (s) { return s.getAll(); });
  }

  function isQuota(error) {
    return error && (error.name === "QuotaExceededError" ||
      (error.inner && error.inner.name === "QuotaExceededError"));
  }

  // --- what the worker sees ------------------------------------------------------------
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? values[name] : match;
    });
  }

  function showCount() {
    return all("outbox").then(function (entries) {
      var text = format(msg.msgCount, { count: entries.length });
      document.querySelectorAll("[data-outbox-count]").forEach(function (node) {
        node.textContent = text;
        if (node.tagName === "A") {
          node.hidden = entries.length === 0;
        }
      });
      var box = document.querySelector("[data-outbox]");
      if (box) {
        box.hidden = entries.length === 0;
        var list = box.querySelector("[data-outbox-list]");
        list.textContent = "";
        entries.sort(function (a, b) { return a.writtenAt < b.writtenAt ? -1 : 1; });
        entries.forEach(function (entry) {
          var item = document.createElement("li");
          item.className = "outbox-entry outbox-" + entry.status;
          item.dataset.outboxKey = entry.key;
          var title = document.createElement("strong");
          title.textContent = entry.title + " · " +
            new Date(entry.writtenAt).toLocaleString();
          item.appendChild(title);
          if (entry.photos.length) {
            item.appendChild(document.createTextNode(" · 📷 " + entry.photos.length));
          }
          if (entry.message) {
            var why = document.createElement("p");
            why.className = "mb-0 text-danger-emphasis fw-bold";
            why.textContent = entry.message;
            item.appendChild(why);
          }
          if (entry.status === "refused") {
            // Back into its form as a draft (same key, same photos), never dropped.
            var correct = document.createElement("button");
            correct.type = "button";
            correct.className = "btn btn-outline-primary mt-1";
            correct.textContent = msg.msgCorrect;
            correct.addEventListener("click", function () {
              toDraft(entry).then(function () {
                window.location.assign(entry.form);
              });
            });
            item.appendChild(correct);
          }
          list.appendChild(item);
        });
      }
      return entries.length;
    });
  }

  function say(form, text) {
    var box = form && form.querySelector("[data-upload-progress]");
    if (box) {
      box.hidden = false;
      box.querySelector("[data-upload-status]").textContent = text;
    }
  }

  // --- drafts --------------------------------------------------------------------------
  function fieldsOf(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.type === "file" || element.type === "submit" ||
          element.name === "csrfmiddlewaretoken") {
        return;
      }
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) {
        return;
      }
      if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          fields.push([element.name, option.value]);
        });
        return;
      }
      fields.push([element.name, element.value]);
    });
    return fields;
  }

  function restoreFields(form, fields) {
    var values = {};
    fields.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !(element.name in values) || element.type === "file" ||
          element.name === "csrfmiddlewaretoken") {
        return;
      }
      var wanted = values[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = wanted.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT") {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = wanted.indexOf(option.value) !== -1;
        });
      } else {
        element.value = wanted[0];
      }
    });
  }

  function resize(file) {
    if (!/^image\//.test(file.type) || !window.createImageBitmap) {
      return Promise.resolve(file);
    }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
          resolve(blob ? new File([blob], name, { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.85);
      });
    }).catch(function () {
      return file; // not decodable here (HEIC …): the server decides
    });
  }

  function setFiles(input, files) {
    if (!input || !window.DataTransfer) {
      return;
    }
    var transfer = new DataTransfer();
    files.forEach(function (file) { transfer.items.add(file); });
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function photosOf(form) {
    var input = form.querySelector("input[type=file]");
    if (!input) {
      return [];
    }
    return Array.prototype.map.call(input.files, function (file) {
      return { name: file.name, type: file.type, blob: file };
    });
  }

  function draftKey(form) {
    return window.location.pathname;
  }

  function saveDraft(form) {
    return put("drafts", {
      form: draftKey(form),
      fields: fieldsOf(form),
      photos: photosOf(form),
      savedAt: new Date().toISOString()
    }).catch(function (error) {
      say(form, isQuota(error) ? msg.msgQuota : String(error));
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }

  function setUpDraft(form) {
    var input = form.querySelector("input[type=file]");
    var resizing = false;
    var timer = null;
    var later = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { saveDraft(form); }, 300);
    };
    form.addEventListener("input", later);
    form.addEventListener("change", function (event) {
      if (event.target !== input) {
        later();
        return;
      }
      if (resizing) {
        return;
      }
      resizing = true;
      Promise.all(Array.prototype.map.call(input.files, resize)).then(function (files) {
        setFiles(input, files);
        resizing = false;
        return saveDraft(form);
      });
    });
    // A page that came back with errors is newer than the draft: keep it, save it.
    if (form.querySelector("#form-errors")) {
      saveDraft(form);
      return;
    }
    get("drafts", draftKey(form)).then(function (draft) {
      form.dataset.draftReady = "1";
      if (!draft) {
        // A page from the service worker's cache carries the key it was drawn with:
        // each new entry gets its own.
        var hidden = form.querySelector("input[name=submission_key]");
        if (hidden) {
          hidden.value = newKey();
        }
        return;
      }
      restoreFields(form, draft.fields);
      if (draft.photos.length) {
        resizing = true;
        setFiles(input, draft.photos.map(function (photo) {
          return new File([photo.blob], photo.name, { type: photo.type });
        }));
        resizing = false;
      }
    });
  }

  function toDraft(entry) {
    return put("drafts", {
      form: entry.form,
      fields: entry.fields,
      photos: entry.photos,
      savedAt: new Date().toISOString()
    }).then(function () {
      return remove("outbox", entry.key);
    });
  }

  // --- outbox --------------------------------------------------------------------------
  function queue(form) {
    // The 24-hour edit window counts from now, when it was written, not from arrival.
    var fields = fieldsOf(form).filter(function (pair) {
      return pair[0] !== "written_at";
    });
    fields.push(["written_at", new Date().toISOString()]);
    var key = null;
    fields.forEach(function (pair) {
      if (pair[0] === "submission_key" && pair[1]) {
        key = pair[1];
      }
    });
    if (!key) {
      key = newKey();
      fields.push(["submission_key", key]);
    }
    var heading = document.querySelector("main h1");
    var entry = {
      key: key,
      form: form.getAttribute("action") || window.location.pathname,
      title: heading ? heading.textContent.trim() : "",
      fields: fields,
      photos: photosOf(form),
      writtenAt: new Date().toISOString(),
      status: "waiting",
      message: ""
    };
    return put("outbox", entry).then(function () {
      return remove("drafts", draftKey(form));
    }).then(function () {
      // A blank form with a new key for the next entry.
      form.reset();
      var hidden = form.querySelector("input[name=submission_key]");
      if (hidden) {
        hidden.value = newKey();
      }
      setFiles(form.querySelector("input[type=file]"), []);
      say(form, msg.msgQueued);
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (registration) {
          if (registration.sync) {
            return registration.sync.register("portal-outbox");
          }
          return undefined;
        }).catch(function () { return undefined; });
      }
      return showCount();
    }).catch(function (error) {
      say(form, isQuota(error) ? msg.msgQuota : String(error));
    });
  }

  function refusalOf(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var texts = [];
    page.querySelectorAll("#form-errors .fw-bold, .invalid-feedback").forEach(function (node) {
      var text = node.textContent.trim();
      if (text && texts.indexOf(text) === -1) {
        texts.push(text);
      }
    });
    return texts.join(" ");
  }

  function tokenOf(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var field = page.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : null;
  }

  function sendOne(entry) {
    // The form page first: it proves the session and gives a fresh CSRF token.
    return fetch(entry.form, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.redirected && response.url.indexOf(LOGIN_PATH) !== -1) {
          return "login";
        }
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text().then(function (html) {
          var token = tokenOf(html);
          if (!token) {
            return "login";
          }
          var body = new FormData();
          entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
          body.append("csrfmiddlewaretoken", token);
          entry.photos.forEach(function (photo) {
            body.append("photos", new File([photo.blob], photo.name, { type: photo.type }));
          });
          return fetch(entry.form, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "X-Requested-With": "XMLHttpRequest" }
          });
        });
      })
      .then(function (response) {
        if (response === "login") {
          entry.status = "login";
          entry.message = msg.msgLogin;
          return put("outbox", entry).then(function () { return "login"; });
        }
        if (response.status === 204) {
          return remove("outbox", entry.key).then(function () { return "saved"; });
        }
        if (response.redirected && response.url.indexOf(LOGIN_PATH) !== -1) {
          entry.status = "login";
          entry.message = msg.msgLogin;
          return put("outbox", entry).then(function () { return "login"; });
        }
        return response.text().then(function (html) {
          entry.status = "refused";
          entry.message = format(msg.msgRefused, {
            message: refusalOf(html) || String(response.status)
          });
          return put("outbox", entry).then(function () { return "refused"; });
        });
      });
  }

  function sendAll() {
    if (sending || !navigator.onLine) {
      return Promise.resolve();
    }
    sending = true;
    var status = document.querySelector("[data-outbox] [data-outbox-status]");
    if (status) {
      status.textContent = msg.msgSending;
    }
    return all("outbox").then(function (entries) {
      var waiting = entries.filter(function (entry) { return entry.status !== "refused"; });
      var chain = Promise.resolve();
      var stop = false;
      waiting.forEach(function (entry) {
        chain = chain.then(function () {
          if (stop) {
            return undefined;
          }
          return sendOne(entry).then(function (result) {
            if (result === "login") {
              stop = true;
            }
            if (status) {
              status.textContent = result === "saved" ? msg.msgSaved : entry.message;
            }
          }, function () {
            stop = true; // no signal after all: try again later
          });
        });
      });
      return chain;
    }).then(showCount, showCount).then(function () {
      sending = false;
    });
  }

  // --- wiring --------------------------------------------------------------------------
  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    setUpDraft(form);
    // Before upload-form.js and portal.js see it: without a signal, straight to the outbox.
    document.addEventListener("submit", function (event) {
      if (event.target === form && !navigator.onLine) {
        event.preventDefault();
        event.stopImmediatePropagation();
        queue(form);
      }
    }, true);
    form.addEventListener("upload-form:failed", function (event) {
      event.preventDefault();
      queue(form);
    });
  });

  var box = document.querySelector("[data-outbox]");
  if (box) {
    var status = document.createElement("p");
    status.setAttribute("role", "status");
    status.dataset.outboxStatus = "";
    box.insertBefore(status, box.querySelector("[data-outbox-send]"));
    box.querySelector("[data-outbox-send]").addEventListener("click", function () {
      // A tap means "try again", refused ones too (after a correction on the server).
      all("outbox").then(function (entries) {
        return Promise.all(entries.map(function (entry) {
          if (entry.status === "login") {
            entry.status = "waiting";
            return put("outbox", entry);
          }
          return undefined;
        }));
      }).then(sendAll);
    });
  }

  window.addEventListener("online", sendAll);
  if (navigator.serviceWorker) {
    // Keep the work pages ahead, for their first use without a signal.
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ type: "precache-work" });
      }
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox-send") {
        sendAll();
      }
    });
  }
  showCount().then(function () {
    // A session that had ended: after logging in again the entries go out.
    return all("outbox");
  }).then(function (entries) {
    return Promise.all(entries.filter(function (entry) {
      return entry.status === "login";
    }).map(function (entry) {
      entry.status = "waiting";
      entry.message = "";
      return put("outbox", entry);
    }));
  }).then(sendAll);
})();
