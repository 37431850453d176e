// Dashboards: draws the charts described by the page's JSON (#gh-charts) with the vendored ECharts, and copies
// the report sentences. No inline script (the CSP forbids it); every link also works without this file.
(function () {
  "use strict";
  var RED = "#c00000";
  var PALETTE = [RED, "#e07b39", "#f2c14e", "#5b8e7d", "#3d6fa8", "#7d5ba6", "#b5656b", "#8c8c8c", "#2f4858"];

  function data() {
    var node = document.getElementById("gh-charts");
    return node ? JSON.parse(node.textContent) : null;
  }

  var chart = window.ghChart;

  function go(url) { if (url) window.location.href = url; }

  function empty(c, items) {
    return window.ghEmpty(c, items.map(function (i) { return i.value; }));
  }

  function trend(d) {
    var c = chart("trend");
    if (!c) return;
    c.setOption({
      color: [RED, "#f2c14e"],
      tooltip: { trigger: "axis" },
      legend: { data: ["会员人数", "新发展会员"], top: 0 },
      grid: { left: 60, right: 50, bottom: 50, top: 50 },
      xAxis: { type: "category", data: d.months, axisLabel: { rotate: 30 } },
      yAxis: [{ type: "value", name: "会员" }, { type: "value", name: "新发展", splitLine: { show: false } }],
      series: [
        { name: "会员人数", type: "line", data: d.members, smooth: true },
        { name: "新发展会员", type: "bar", yAxisIndex: 1, data: d["new"] }
      ]
    });
  }

  function children(d) {
    var c = chart("children");
    if (!c) return;
    var many = d.names.length > 12;
    c.setOption({
      color: [RED, "#f2c14e"],
      tooltip: { trigger: "axis" },
      legend: { data: ["会员人数", "新发展会员"], top: 0 },
      grid: { left: 60, right: 20, bottom: many ? 90 : 60, top: 40 },
      dataZoom: many ? [{ type: "slider", start: 0, end: Math.min(100, 1200 / d.names.length) }] : [],
      xAxis: { type: "category", data: d.names, axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: "value" },
      series: [
        { name: "会员人数", type: "bar", data: d.members, cursor: "pointer" },
        { name: "新发展会员", type: "bar", data: d["new"], cursor: "pointer" }
      ]
    });
    c.on("click", function (p) { go(d.urls[p.dataIndex]); });
  }

  function pie(name, items) {
    var c = chart(name);
    if (!c || empty(c, items)) return;
    c.setOption({
      color: PALETTE,
      tooltip: { trigger: "item", formatter: "{b}：{c}人（{d}%）" },
      legend: { type: "scroll", bottom: 0 },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
                 data: items.filter(function (i) { return i.value; }),
                 label: { formatter: "{b}\n{c}人" } }]
    });
  }

  function bars(name, items, color) {
    var c = chart(name);
    if (!c || empty(c, items)) return;
    c.setOption({
      color: [color],
      tooltip: { trigger: "axis" },
      grid: { left: 50, right: 10, bottom: 50, top: 20 },
      xAxis: { type: "category", data: items.map(function (i) { return i.name; }), axisLabel: { rotate: 35, interval: 0 } },
      yAxis: { type: "value" },
      series: [{ type: "bar", data: items.map(function (i) { return i.value; }) }]
    });
  }

  function map(d) {
    var box = document.querySelector('[data-chart="map"]');
    if (!box || !window.echarts) return;
    fetch(d.geo).then(function (r) { return r.json(); }).then(function (geo) {
      window.echarts.registerMap("beijing", geo);
      var names = {};
      geo.features.forEach(function (f) { names[f.properties.adcode] = f.properties.name; });
      var byName = {};
      var items = d.areas.filter(function (a) { return names[a.adcode]; }).map(function (a) {
        byName[names[a.adcode]] = a;
        return { name: names[a.adcode], value: a.rate, union: a.name, members: a.members };
      });
      var c = chart("map");
      c.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (p) {
            var a = byName[p.name];
            if (!a) return p.name + "：暂无数据";
            return a.name + "<br>建会率 " + (a.rate === null ? "—" : a.rate + "%") + "<br>会员 " + a.members + " 人";
          }
        },
        visualMap: { min: 0, max: 100, formatter: "{value}%", calculable: true, left: 10, bottom: 10,
                     inRange: { color: ["#fde9e7", "#f4a99f", RED] } },
        series: [{ type: "map", map: "beijing", roam: false, data: items, cursor: "pointer",
                   layoutCenter: ["55%", "50%"], layoutSize: "98%",
                   labelLayout: { hideOverlap: true },
                   label: { show: true, fontSize: 11, color: "#222", textBorderColor: "#fff", textBorderWidth: 2 },
                   emphasis: { label: { show: true } } }]
      });
      c.on("click", function (p) { var a = byName[p.name]; if (a) go(a.url); });
      box.setAttribute("data-ready", "1");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var d = data();
    if (!d) return;
    trend(d.trend);
    children(d.children);
    pie("groups", d.groups);
    bars("decades", d.decades, "#3d6fa8");
    bars("skills", d.skills, "#5b8e7d");
    if (d.map) map(d.map);
  });

  // <button data-copy="element-id">: the element's text to the clipboard (a selection where the API is missing).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    var text = Array.prototype.map.call(source.querySelectorAll("p"), function (p) { return p.textContent; }).join("\n");
    function done() { button.textContent = "已复制"; setTimeout(function () { button.textContent = "复制"; }, 2000); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (document.execCommand("copy")) done();
    }
  });
})();
