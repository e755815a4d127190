/* The portal's own script: small progressive enhancements. Every page works without it. */
(function () {
  "use strict";

  // A form with data-confirm (cancelling a seat, spending points) asks first; it runs in
  // the capture phase, before the double-tap guard below marks the form as sent.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) {
        return;
      }
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // A shaky double tap must not send a form twice. The submitter is disabled only after
  // the browser has read the form, so its name and value are still sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(
        function (button) {
          button.disabled = true;
        }
      );
    }, 0);
  });

  // Coming back with the Back button shows the page from the cache: undo the above.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(
        function (button) {
          button.disabled = false;
        }
      );
    });
  });
})();
