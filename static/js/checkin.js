/* The check-in page at the door. Without this script the code is typed and sent as
   usual. With it: the code is upper-cased while typed, and where the browser can
   read QR codes (BarcodeDetector) and use a camera, a "scan" button opens the rear
   camera, reads the resident's QR code, fills the field and sends the form. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-checkin-form]");
  if (!form) {
    return;
  }
  var input = form.querySelector("[data-checkin-code]");
  var startButton = form.querySelector("[data-scan-start]");
  var stopButton = form.querySelector("[data-scan-stop]");
  var box = form.querySelector("[data-scan-box]");
  var video = form.querySelector("[data-scan-video]");
  var status = form.querySelector("[data-scan-status]");
  var stream = null;
  var timer = null;

  if (input) {
    input.addEventListener("input", function () {
      var start = input.selectionStart;
      var end = input.selectionEnd;
      var upper = input.value.toUpperCase();
      if (upper !== input.value) {
        input.value = upper;
        if (start !== null) {
          input.setSelectionRange(start, end);
        }
      }
    });
  }

  function say(key) {
    if (status) {
      status.textContent = form.dataset[key] || "";
    }
  }

  function stop() {
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    if (video) {
      video.srcObject = null;
    }
    if (box) {
      box.hidden = true;
    }
    if (startButton) {
      startButton.hidden = false;
    }
  }

  function submit(code) {
    // A resident's QR code holds the portal's address of the code: keep the code.
    var link = /\/activities\/checkin\/([^/?#]+)\/?(?:[?#].*)?$/.exec(code.trim());
    if (link) {
      code = decodeURIComponent(link[1]);
    }
    input.value = code.trim().toUpperCase();
    say("msgFound");
    stop();
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function scan(detector) {
    if (!stream) {
      return;
    }
    detector
      .detect(video)
      .then(function (codes) {
        var found = codes.filter(function (code) {
          return code.rawValue;
        });
        if (found.length) {
          submit(found[0].rawValue);
          return;
        }
        timer = window.setTimeout(function () {
          scan(detector);
        }, 250);
      })
      .catch(function () {
        // The video may not have a frame yet: try again shortly.
        timer = window.setTimeout(function () {
          scan(detector);
        }, 500);
      });
  }

  function start(detector) {
    box.hidden = false;
    startButton.hidden = true;
    say("msgStarting");
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        return video.play();
      })
      .then(function () {
        say("msgLooking");
        scan(detector);
      })
      .catch(function () {
        stop();
        box.hidden = false;
        say("msgDenied");
        if (input) {
          input.focus();
        }
      });
  }

  var canScan =
    "BarcodeDetector" in window &&
    navigator.mediaDevices &&
    typeof navigator.mediaDevices.getUserMedia === "function" &&
    startButton &&
    box &&
    video &&
    input;
  if (!canScan) {
    return;
  }

  var formats = window.BarcodeDetector.getSupportedFormats
    ? window.BarcodeDetector.getSupportedFormats()
    : Promise.resolve(["qr_code"]);
  formats
    .then(function (supported) {
      if (supported.indexOf("qr_code") === -1) {
        return;
      }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      startButton.hidden = false;
      startButton.addEventListener("click", function () {
        start(detector);
      });
      if (stopButton) {
        stopButton.addEventListener("click", stop);
      }
      window.addEventListener("pagehide", stop);
    })
    .catch(function () {
      // No scanning then: typing always works.
    });
})();
