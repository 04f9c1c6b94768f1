// Adds a search box above a long list of checkboxes; without it the list works the same.
(function () {
  "use strict";
  document.querySelectorAll("[data-filter-label]").forEach(function (list, n) {
    var id = "list-filter-" + n;
    var wrap = document.createElement("div");
    wrap.className = "field list-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = list.getAttribute("data-filter-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(status);
    list.parentNode.insertBefore(wrap, list);
    var items = Array.prototype.slice.call(list.querySelectorAll(".checkbox"));
    input.addEventListener("keydown", function (event) {
      // Enter in the search box filters; it must not send the form half filled in.
      if (event.key === "Enter") { event.preventDefault(); }
    });
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item) {
        var text = item.textContent.toLowerCase();
        var box = item.querySelector("input");
        // A ticked force stays in view, so a choice is never hidden from its chooser.
        var match = box.checked || words.every(function (w) { return text.indexOf(w) !== -1; });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = shown + " of " + items.length + " shown";
    });
  });
})();
