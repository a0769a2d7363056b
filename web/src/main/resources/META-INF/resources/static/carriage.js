// Carriage's only script of its own: copy buttons, charts and an album's next track. No inline script anywhere (the
// pages' Content-Security-Policy forbids it); charts read their data from a data attribute the
// server rendered, and never compute money, only draw it.
(function () {
  "use strict";

  function copyButtons(root) {
    root.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
      if (button.dataset.bound) return;
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-copy");
        var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy"; }, 1500); };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, done);
        } else {
          var area = document.createElement("textarea");
          area.value = text; document.body.appendChild(area); area.select();
          try { document.execCommand("copy"); } catch (e) { /* the text is on the page to select by hand */ }
          document.body.removeChild(area); done();
        }
      });
    });
  }

  function charts(root) {
    root.querySelectorAll("[data-chart-series]").forEach(function (box) {
      if (box.dataset.drawn || typeof uPlot === "undefined") return;
      var data = JSON.parse(box.getAttribute("data-chart-series"));
      box.dataset.drawn = "1";
      var width = Math.max(320, box.clientWidth || 640);
      var series = [{}].concat(data.series.map(function (s, i) {
        return { label: s.label, stroke: ["#2f5bd3", "#1b7a45", "#b3261e", "#8a5cd6"][i % 4], width: 2,
                 fill: i === 0 ? "rgba(47,91,211,0.08)" : undefined, scale: s.scale || "y",
                 value: function (u, v) { return v == null ? "-" : (s.unit ? v + " " + s.unit : v); } };
      }));
      var axes = [{}, { scale: "y", label: data.series[0] && data.series[0].unit }];
      if (data.series.some(function (s) { return s.scale === "y2"; })) {
        axes.push({ scale: "y2", side: 1, grid: { show: false } });
      }
      new uPlot({ width: width, height: 240, series: series, axes: axes, scales: { x: { time: true } } },
                [data.x].concat(data.series.map(function (s) { return s.values; })), box);
    });
  }

  // An album plays track by track from the buyer's node: when a track ends, the next number is
  // asked for; the node answers 404 past the last, and the player stops there.
  function albums(root) {
    root.querySelectorAll("audio[data-track]").forEach(function (audio) {
      if (audio.dataset.bound) return;
      audio.dataset.bound = "1";
      var note = audio.parentNode.querySelector(".track-number");
      audio.addEventListener("ended", function () {
        var next = Number(audio.dataset.track) + 1;
        var source = audio.getAttribute("src").replace(/\/track\/\d+$/, "/track/" + next);
        audio.addEventListener("loadedmetadata", function advanced() {
          audio.removeEventListener("loadedmetadata", advanced);
          audio.dataset.track = String(next);
          if (note) note.textContent = String(next);
          audio.play();
        });
        audio.setAttribute("src", source);
      });
    });
  }

  function enhance(root) { copyButtons(root); charts(root); albums(root); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
