/* Accessible names for what Django admin's widgets draw in the browser:
 * - the searchable drop-downs (select2) take their field's label;
 * - the help icons of the two-box pickers are images with a label.
 * The widgets are built by the admin's own scripts at a moment this script does not
 * control (and again for each new inline row), so it watches the page for them. */
(function () {
  "use strict";

  function labelFor(element) {
    var label = element.id && document.querySelector('label[for="' + element.id + '"]');
    return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  function nameSearchableDropDowns() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      var name = labelFor(select);
      if (!box || !name) {
        return;
      }
      // The combobox and the text box inside it both need the name.
      box.querySelectorAll(".select2-selection, .select2-selection__rendered")
        .forEach(function (part) {
          if (part.getAttribute("aria-label") !== name) {
            part.setAttribute("aria-label", name);
          }
        });
    });
  }

  function markHelpIcons() {
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])")
      .forEach(function (icon) {
        icon.setAttribute("role", "img");
      });
  }

  function run() {
    nameSearchableDropDowns();
    markHelpIcons();
  }

  function start() {
    run();
    new MutationObserver(run).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
