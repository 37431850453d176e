// Activities: draws the charts described by the page's JSON (#gh-activity-charts) with the vendored ECharts.
// No inline script (the CSP forbids it); the tables on the page carry the same figures.
(function () {
  "use strict";
  var RED = "#c00000";
  var PALETTE = [RED, "#e07b39", "#f2c14e", "#5b8e7d", "#3d6fa8", "#7d5ba6", "#b5656b", "#8c8c8c", "#2f4858"];
  var node = document.getElementById("gh-activity-charts");
  if (!node || !window.echarts) return;
  var d = JSON.parse(node.textContent);

  var chart = window.ghChart;

  var kinds = chart("kinds");
  if (kinds) {
    kinds.setOption({
      color: PALETTE,
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 40, right: 20, bottom: 40, top: 40 },
      xAxis: { type: "category", data: d.months },
      yAxis: { type: "value", name: "场次", minInterval: 1 },
      series: d.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "kinds", data: s.data, barMaxWidth: 48 };
      })
    });
  }

  var groups = chart("groups");
  if (groups) {
    groups.setOption({
      color: [RED, "#f2c14e", "#8c8c8c"],
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: ["报名", "人数", "名额"] },
      grid: { left: 40, right: 20, bottom: 40, top: 40 },
      xAxis: { type: "category", data: d.names, axisLabel: { interval: 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "报名", type: "bar", data: d.registered },
        { name: "人数", type: "bar", data: d.people },
        { name: "名额", type: "bar", data: d.capacity, itemStyle: { opacity: 0.45 } }
      ]
    });
  }
})();
