/* The annotated article as a guide: a verdict filter over the claims, and folded evidence that
   opens for print. Plain script, no network. Without it every claim shows and the filter stays
   hidden; the evidence opens on request. */
(function () {
  "use strict";

  function verdictOf(element, prefix) {
    for (var i = 0; i < element.classList.length; i += 1) {
      var name = element.classList[i];
      if (name.indexOf(prefix) === 0) {
        return name.slice(prefix.length);
      }
    }
    return "";
  }

  function setUpFilter(form) {
    var claims = Array.prototype.slice.call(document.querySelectorAll("section.sd-claim"));
    var jumps = Array.prototype.slice.call(document.querySelectorAll("li.sd-jump"));
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=verdict]"));
    var status = form.querySelector(".sd-filter-count");
    var all = form.querySelector(".sd-filter-all");

    function shownVerdicts() {
      var on = {};
      boxes.forEach(function (box) {
        on[box.value] = box.checked;
      });
      return on;
    }

    function update() {
      var on = shownVerdicts();
      var shown = 0;
      claims.forEach(function (claim) {
        var show = on[verdictOf(claim, "sd-claim-")] === true;
        claim.hidden = !show;
        if (show) {
          shown += 1;
        }
      });
      jumps.forEach(function (item) {
        item.hidden = on[verdictOf(item, "sd-jump-")] !== true;
      });
      status.textContent =
        "Showing " + shown + " of " + claims.length + " claim" + (claims.length === 1 ? "" : "s") + ".";
    }

    /* A link to a claim the filter hides shows that claim's verdict again. */
    function reveal() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id ? document.getElementById(id) : null;
      if (target && target.classList.contains("sd-claim") && target.hidden) {
        var verdict = verdictOf(target, "sd-claim-");
        boxes.forEach(function (box) {
          if (box.value === verdict) {
            box.checked = true;
          }
        });
        update();
        target.scrollIntoView();
      }
    }

    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    all.addEventListener("click", function () {
      boxes.forEach(function (box) {
        box.checked = true;
      });
      update();
    });
    window.addEventListener("hashchange", reveal);
    form.hidden = false;
    update();
  }

  /* Print every folded piece of evidence, and close again what was closed. */
  var reopened = [];
  window.addEventListener("beforeprint", function () {
    reopened = Array.prototype.slice.call(document.querySelectorAll("details.sd-evidence-fold:not([open])"));
    reopened.forEach(function (details) {
      details.open = true;
    });
  });
  window.addEventListener("afterprint", function () {
    reopened.forEach(function (details) {
      details.open = false;
    });
    reopened = [];
  });

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.sd-filter"), setUpFilter);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
