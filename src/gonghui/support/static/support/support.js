// 维权服务: draws the overview's charts from the page's JSON (#gh-services-charts) with the vendored ECharts.
// No inline script (the CSP forbids it); the tables beside the charts carry the same figures.
(function () {
  "use strict";
  var RED = "#c00000";
  var node = document.getElementById("gh-services-charts");
  if (!node || !window.echarts) return;
  var d = JSON.parse(node.textContent);

  function bars(name, rows, unit) {
    var c = window.ghChart(name);
    if (!c) return;
    var values = rows.map(function (r) { return r[1]; });
    if (window.ghEmpty(c, values)) return;
    c.setOption({
      color: [RED],
      tooltip: { trigger: "axis" },
      grid: { left: 90, right: 30, bottom: 20, top: 10 },
      xAxis: { type: "value", name: unit, minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r[0]; }) },
      series: [{ type: "bar", data: values, barMaxWidth: 24, label: { show: true, position: "right" } }]
    });
  }

  bars("topics", d.topics, "次");
  bars("states", d.states, "件");
})();
