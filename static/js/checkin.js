/* The check-in page at the door. Without this script the code is typed and sent as
   usual. With it: the code is upper-cased while typed, and where the browser can use a
   camera, a "scan" button opens the rear camera, reads the resident's QR code, fills
   the field and sends the form. The QR code is read by the browser's own
   BarcodeDetector where there is one (Chromium on Android), and otherwise by the
   vendored jsQR (static/vendor/jsqr-1.4.0/, loaded only then: Safari on iPhones,
   WeChat's browser, Firefox), which decodes frames drawn on a canvas. */
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

  // The fallback reader: the same detect() as BarcodeDetector's, by jsQR on a canvas
  // (a frame scaled to at most 640 pixels wide is plenty for a code held up close).
  var MAX_WIDTH = 640;
  var canvas = null;

  function decodeSource(source) {
    var width = source.videoWidth || source.naturalWidth || source.width;
    var height = source.videoHeight || source.naturalHeight || source.height;
    if (!width || !height || typeof window.jsQR !== "function") {
      return [];
    }
    var scale = Math.min(1, MAX_WIDTH / width);
    canvas = canvas || document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(pixels.data, pixels.width, pixels.height, {
      inversionAttempts: "attemptBoth",
    });
    return code && code.data ? [{ rawValue: code.data }] : [];
  }

  var jsqrDetector = {
    detect: function (source) {
      return new Promise(function (resolve) {
        resolve(decodeSource(source));
      });
    },
  };

  var jsqrLoading = null;

  function loadJsqr() {
    if (typeof window.jsQR === "function") {
      return Promise.resolve(jsqrDetector);
    }
    if (!jsqrLoading) {
      jsqrLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = form.dataset.jsqrSrc;
        script.onload = function () {
          resolve(jsqrDetector);
        };
        script.onerror = function () {
          jsqrLoading = null;
          reject(new Error("jsQR did not load"));
        };
        document.head.appendChild(script);
      });
    }
    return jsqrLoading;
  }

  function start(getDetector) {
    box.hidden = false;
    startButton.hidden = true;
    say("msgStarting");
    var detector = null;
    getDetector()
      .then(function (found) {
        detector = found;
        return navigator.mediaDevices.getUserMedia({
          video: { facingMode: { ideal: "environment" } },
          audio: false,
        });
      })
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

  // The browser's reader when it has one that reads QR codes, otherwise jsQR.
  function nativeDetector() {
    if (!("BarcodeDetector" in window)) {
      return Promise.resolve(null);
    }
    var formats = window.BarcodeDetector.getSupportedFormats
      ? window.BarcodeDetector.getSupportedFormats()
      : Promise.resolve(["qr_code"]);
    return formats
      .then(function (supported) {
        if (supported.indexOf("qr_code") === -1) {
          return null;
        }
        return new window.BarcodeDetector({ formats: ["qr_code"] });
      })
      .catch(function () {
        return null;
      });
  }

  function getDetector() {
    return nativeDetector().then(function (native) {
      return native || loadJsqr();
    });
  }

  // For the browser tests: read a code from an image, canvas or video with jsQR.
  window.portalCheckinDecode = function (source) {
    return loadJsqr().then(function (reader) {
      return reader.detect(source);
    });
  };

  var canScan =
    navigator.mediaDevices &&
    typeof navigator.mediaDevices.getUserMedia === "function" &&
    startButton &&
    box &&
    video &&
    input &&
    (form.dataset.jsqrSrc || "BarcodeDetector" in window);
  if (!canScan) {
    // No camera (or no secure connection): typing always works.
    return;
  }
  startButton.hidden = false;
  startButton.addEventListener("click", function () {
    start(getDetector);
  });
  if (stopButton) {
    stopButton.addEventListener("click", stop);
  }
  window.addEventListener("pagehide", stop);
})();
