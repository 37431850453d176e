// 建会入会: draws the board (each street's targets by stage, stacked bars) from the page's JSON
// (#gh-pipeline-board) with the vendored ECharts. No inline script (the CSP forbids it); the table below the
// chart carries the same figures and the links to the lists.
(function () {
  "use strict";
  var COLORS = ["#adb5bd", "#0dcaf0", "#0d6efd", "#198754"];
  var node = document.getElementById("gh-pipeline-board");
  if (!node || !window.echarts) return;
  var d = JSON.parse(node.textContent);
  var box = document.querySelector('[data-chart="board"]');
  if (box && d.streets.length > 8) box.classList.add("gh-tall");
  var c = window.ghChart("board");
  if (!c) return;
  var all = [];
  d.series.forEach(function (s) { all = all.concat(s.data); });
  if (window.ghEmpty(c, all)) return;
  c.setOption({
    color: COLORS,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: "value", name: "家", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: d.streets },
    series: d.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "stage", data: s.data, barMaxWidth: 24 };
    })
  });
})();
