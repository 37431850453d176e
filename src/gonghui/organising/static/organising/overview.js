// 建会入会 overview: 建会率 at each month end (#gh-organising-trend) as a line, with the vendored ECharts. No inline
// script (the CSP forbids it); the table under the chart carries the same figures.
(function () {
  "use strict";
  var node = document.getElementById("gh-organising-trend");
  if (!node || !window.echarts) return;
  var d = JSON.parse(node.textContent);
  var c = window.ghChart("rate-trend");
  if (!c) return;
  if (window.ghEmpty(c, d.rates.filter(function (v) { return v !== null; }))) return;
  c.setOption({
    color: ["#b71c1c"],
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v.toFixed(1) + "%"; } },
    grid: { left: 8, right: 16, bottom: 8, top: 24, containLabel: true },
    xAxis: { type: "category", data: d.months },
    yAxis: { type: "value", name: "%", min: 0, max: 100 },
    series: [{ name: "建会率", type: "line", data: d.rates, connectNulls: false, symbolSize: 6 }]
  });
})();
