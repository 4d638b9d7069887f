// My table, live: the countdown ticks every second, and the table and timer
// are looked up again every five (without this script, the page shows the
// end time and a "Look again" link).
"use strict";
(function () {
  const box = document.getElementById("table");
  const timer = document.getElementById("timer");
  if (!box || !timer) return;
  let left = parseFloat(timer.dataset.left);
  let running = timer.dataset.running === "yes";
  let ends = timer.dataset.ends || "";
  let since = Date.now();

  function clock(seconds) {
    const whole = Math.max(0, Math.round(seconds));
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }
  function show() {
    if (isNaN(left)) { timer.textContent = ""; return; }
    const now = running ? left - (Date.now() - since) / 1000 : left;
    timer.textContent = "⏱ " + clock(now) + " left" + (running ? (ends ? " · ends at " + ends : "") : " (paused)");
  }
  function put(id, text) {
    const element = document.getElementById(id);
    if (element && element.textContent !== text) element.textContent = text;
  }
  async function look() {
    try {
      const response = await fetch(box.dataset.source, { credentials: "same-origin" });
      if (!response.ok) return;
      const table = await response.json();
      if (table.where) {
        put("where", table.where);
        put("with", "With: " + (table.with || "nobody yet"));
        put("question", "Start with: " + table.question);
      }
      left = table.timer ? table.timer.left : NaN;
      running = Boolean(table.timer && table.timer.running);
      ends = table.timer ? table.timer.ends : "";
      since = Date.now();
      show();
    } catch (error) {
      // the laptop is out of reach for a moment: the next look tries again
    }
  }
  look();
  setInterval(show, 1000);
  setInterval(look, 5000);
})();
