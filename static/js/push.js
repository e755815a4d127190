/* The push page (templates/notices/push.html): subscribes this browser to web push
   with the portal's VAPID public key and tells the portal its subscription, or
   stops it. The service worker (templates/pwa/sw.js) shows the notices. Strings
   come from the form's data attributes. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-push]");
  if (!form) {
    return;
  }
  var msg = form.dataset;
  var status = form.querySelector("[data-push-status]");
  var on = form.querySelector("[data-push-on]");
  var off = form.querySelector("[data-push-off]");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function say(text, subscribed) {
    status.textContent = text;
    on.hidden = subscribed !== false;
    off.hidden = subscribed !== true;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function tell(url, subscription) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(subscription)
    }).then(function (response) {
      return response.json().catch(function () {
        return { ok: false, message: msg.msgFailed };
      });
    }).then(function (answer) {
      var devices = document.querySelector("[data-push-devices]");
      if (devices && answer.devices) {
        devices.textContent = answer.devices;
      }
      return answer;
    });
  }

  if (!("serviceWorker" in navigator) || !("PushManager" in window) ||
      !("Notification" in window)) {
    say(msg.msgUnsupported, null);
    return;
  }

  var ready = new Promise(function (resolve, reject) {
    navigator.serviceWorker.ready.then(resolve);
    window.setTimeout(function () { reject(new Error("no service worker")); }, 15000);
  });

  function subscribe(registration) {
    var options = { userVisibleOnly: true, applicationServerKey: keyBytes(msg.key) };
    return registration.pushManager.subscribe(options).catch(function (error) {
      // Subscribed before with another key (the portal's key was changed): again.
      return registration.pushManager.getSubscription().then(function (old) {
        if (!old) {
          throw error;
        }
        return old.unsubscribe().then(function () {
          return registration.pushManager.subscribe(options);
        });
      });
    });
  }

  ready.then(function (registration) {
    return registration.pushManager.getSubscription().then(function (subscription) {
      if (Notification.permission === "denied") {
        say(msg.msgDenied, null);
        return;
      }
      if (!subscription) {
        say(msg.msgOff, false);
        return;
      }
      // Known to this browser: make sure the portal has it for this person.
      return tell(msg.subscribe, subscription.toJSON()).then(function (answer) {
        say(answer.ok ? msg.msgOn : answer.message, answer.ok);
      });
    });
  }).catch(function () {
    say(msg.msgUnsupported, null);
  });

  on.addEventListener("click", function () {
    on.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        say(msg.msgDenied, null);
        return undefined;
      }
      return ready.then(subscribe).then(function (subscription) {
        return tell(msg.subscribe, subscription.toJSON());
      }).then(function (answer) {
        say(answer.message, answer.ok);
      }, function () {
        say(msg.msgFailed, false);
      });
    }).then(function () {
      on.disabled = false;
    });
  });

  off.addEventListener("click", function () {
    off.disabled = true;
    ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) {
        return { ok: true, message: msg.msgOff };
      }
      var data = subscription.toJSON();
      return subscription.unsubscribe().then(function () {
        return tell(msg.unsubscribe, data);
      });
    }).then(function (answer) {
      say(answer.message, false);
    }, function () {
      say(msg.msgFailed, true);
    }).then(function () {
      off.disabled = false;
    });
  });
})();
