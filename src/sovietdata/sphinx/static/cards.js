/* Cards for the values and notes of a sovietdata book: open on hover, click, tap, Enter or
   Space; Escape or a click elsewhere closes and gives the focus back. No network, no library. */
(function () {
  "use strict";
  var open = null; // {card, trigger, pinned}
  var hoverTimer = 0;
  var MARGIN = 8;

  function triggerOf(el) {
    var a = el.closest("a");
    return a && a.contains(el) && a.querySelectorAll("[data-sd-card]").length === 1 ? a : el;
  }

  function place(card, trigger) {
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    card.style.maxWidth = Math.min(448, vw - 2 * MARGIN) + "px";
    card.style.left = "0px";
    card.style.top = "0px";
    var r = trigger.getBoundingClientRect();
    var below = vh - r.bottom - MARGIN;
    var above = r.top - MARGIN;
    var room = Math.max(below, above) - 4;
    card.style.maxHeight = Math.max(120, Math.min(room, vh - 2 * MARGIN)) + "px";
    var c = card.getBoundingClientRect();
    var left = Math.min(Math.max(MARGIN, r.left), vw - c.width - MARGIN);
    var top = c.height <= below || below >= above ? r.bottom + 4 : r.top - c.height - 4;
    top = Math.min(Math.max(MARGIN, top), vh - c.height - MARGIN);
    card.style.left = Math.max(MARGIN, left) + "px";
    card.style.top = top + "px";
  }

  function close(returnFocus) {
    if (!open) return;
    var o = open;
    open = null;
    o.card.classList.remove("sd-card-open");
    o.trigger.setAttribute("aria-expanded", "false");
    if (returnFocus) o.trigger.focus();
  }

  function show(trigger, pinned, focus) {
    var card = document.getElementById(trigger.getAttribute("aria-controls"));
    if (!card) return;
    if (open && open.card === card && open.trigger === trigger) {
      open.pinned = open.pinned || pinned;
      if (focus) card.focus();
      return;
    }
    close(false);
    open = { card: card, trigger: trigger, pinned: pinned };
    card.classList.add("sd-card-open");
    trigger.setAttribute("aria-expanded", "true");
    place(card, trigger);
    if (focus) card.focus({ preventScroll: true });
  }

  // Each record's evidence is in the page once, in <template id="sd-ev-RECORD"> (or in a note
  // at the end of the page, which shows it): copied into every card of the record as the page
  // loads, so that print shows it too.
  function fill() {
    var slots = document.querySelectorAll("[data-sd-ev]");
    for (var i = 0; i < slots.length; i++) {
      var from = document.getElementById("sd-ev-" + slots[i].getAttribute("data-sd-ev"));
      if (!from || slots[i].firstChild) continue;
      if (from.content) {
        slots[i].appendChild(document.importNode(from.content, true));
      } else {
        for (var c = from.firstChild; c; c = c.nextSibling) slots[i].appendChild(c.cloneNode(true));
      }
    }
  }

  function init() {
    fill();
    var marks = document.querySelectorAll("[data-sd-card]");
    var cards = document.querySelectorAll(".sd-card");
    for (var j = 0; j < cards.length; j++) {
      var title = cards[j].querySelector(".sd-card-title");
      if (title) {
        title.id = cards[j].id + "-t";
        cards[j].setAttribute("aria-labelledby", title.id);
      }
      cards[j].setAttribute("role", "dialog");
      cards[j].setAttribute("tabindex", "-1");
      var closer = document.createElement("button");
      closer.type = "button";
      closer.className = "sd-card-close";
      closer.setAttribute("aria-label", "Close");
      closer.textContent = "×";
      closer.addEventListener("click", function () { close(true); });
      cards[j].insertBefore(closer, cards[j].firstChild);
      document.body.appendChild(cards[j]);
    }
    for (var i = 0; i < marks.length; i++) {
      var t = triggerOf(marks[i]);
      t.classList.add("sd-trigger");
      t.setAttribute("aria-controls", marks[i].getAttribute("data-sd-card"));
      t.setAttribute("aria-haspopup", "dialog");
      t.setAttribute("aria-expanded", "false");
      if (t.tagName !== "A" && t.tagName !== "BUTTON") {
        t.setAttribute("tabindex", "0");
        t.setAttribute("role", "button");
      }
      t.addEventListener("click", function (e) {
        e.preventDefault();
        var me = e.currentTarget;
        if (open && open.trigger === me && open.pinned) close(false);
        else show(me, true, true);
      });
      t.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          show(e.currentTarget, true, true);
        }
      });
      t.addEventListener("mouseenter", function (e) {
        var me = e.currentTarget;
        clearTimeout(hoverTimer);
        hoverTimer = setTimeout(function () { if (!open || !open.pinned) show(me, false, false); }, 250);
      });
      t.addEventListener("mouseleave", leave);
    }
    for (var k = 0; k < cards.length; k++) {
      cards[k].addEventListener("mouseenter", function () { clearTimeout(hoverTimer); });
      cards[k].addEventListener("mouseleave", leave);
    }
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && open) { e.preventDefault(); close(true); }
    });
    document.addEventListener("click", function (e) {
      if (open && !open.card.contains(e.target) && !open.trigger.contains(e.target)) close(false);
    });
    window.addEventListener("resize", function () { if (open) place(open.card, open.trigger); });
    window.addEventListener("scroll", function () {
      if (!open) return;
      var r = open.trigger.getBoundingClientRect();
      if (r.bottom < 0 || r.top > window.innerHeight) close(false);
      else place(open.card, open.trigger);
    }, { passive: true });
  }

  function leave() {
    clearTimeout(hoverTimer);
    hoverTimer = setTimeout(function () { if (open && !open.pinned) close(false); }, 300);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
