/* Accessible names for what Django admin's widgets draw in the browser:
 * - the searchable drop-downs (select2) take their field's label;
 * - the help icons of the two-box pickers are images with a label.
 * Runs after the admin's own scripts have built the widgets. */
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
          if (!part.hasAttribute("aria-label")) {
            part.setAttribute("aria-label", name);
          }
        });
    });
  }

  function markHelpIcons() {
    document.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  function run() {
    nameSearchableDropDowns();
    markHelpIcons();
  }

  window.addEventListener("load", function () {
    run();
    // Widgets added later (a new inline row) are named on the next interaction.
    document.addEventListener("focusin", run);
  });
})();
