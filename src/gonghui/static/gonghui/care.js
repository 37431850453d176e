// Care campaign progress: draws the charts described by the page's JSON (#gh-charts) with the vendored ECharts.
// No inline script (the CSP forbids it); the tables on the page hold the same figures.
(function () {
  "use strict";
  var RED = "#c00000", GOLD = "#f2c14e", GREY = "#8c8c8c";

  var chart = window.ghChart, empty = window.ghEmpty;

  function children(d) {
    var c = chart("children");
    if (!c) return;
    c.setOption({
      color: [RED, GREY],
      tooltip: { trigger: "axis" },
      legend: { data: ["覆盖职工", "目标"], top: 0 },
      grid: { left: 60, right: 20, bottom: 60, top: 40 },
      xAxis: { type: "category", data: d.names, axisLabel: { rotate: d.names.length > 3 ? 30 : 0, interval: 0 } },
      yAxis: { type: "value", name: "人" },
      series: [
        { name: "覆盖职工", type: "bar", data: d.workers },
        { name: "目标", type: "bar", data: d.targets, itemStyle: { opacity: 0.45 } }
      ]
    });
    c.on("click", function (e) { if (d.urls[e.dataIndex]) window.location.href = d.urls[e.dataIndex]; });
  }

  function days(d) {
    var c = chart("days");
    if (!c || empty(c, d.people)) return;
    c.setOption({
      color: [GOLD, RED],
      title: d.target ? { text: "目标 " + d.target + " 人", right: 10, top: 0,
                          textStyle: { color: GREY, fontSize: 12, fontWeight: "normal" } } : undefined,
      tooltip: { trigger: "axis" },
      legend: { data: ["当日", "累计"], top: 0, left: 10 },
      grid: { left: 60, right: 30, bottom: 40, top: 40 },
      xAxis: { type: "category", data: d.days },
      yAxis: { type: "value" },
      series: [
        { name: "当日", type: "bar", data: d.people },
        { name: "累计", type: "line", data: d.total, smooth: true }
      ]
    });
  }

  function stock(d) {
    var c = chart("stock");
    if (!c || empty(c, d.handed.concat(d.left))) return;
    c.setOption({
      color: [RED, GOLD],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: ["已发放", "剩余库存"], top: 0 },
      grid: { left: 90, right: 20, bottom: 30, top: 40 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: d.names },
      series: [
        { name: "已发放", type: "bar", stack: "all", data: d.handed },
        { name: "剩余库存", type: "bar", stack: "all", data: d.left }
      ]
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("gh-charts");
    if (!node) return;
    var d = JSON.parse(node.textContent);
    children(d.children);
    days(d.days);
    stock(d.stock);
  });
})();
