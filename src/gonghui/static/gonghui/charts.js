// The charts every page draws share these: an ECharts instance (SVG, resized with the window) on the element
// marked data-chart="name", and a "暂无数据" title instead of blank axes. Loaded after ECharts, before the page's
// own script; no inline script (the CSP forbids it).
(function () {
  "use strict";

  window.ghChart = function (name) {
    var box = document.querySelector('[data-chart="' + name + '"]');
    if (!box || !window.echarts) return null;
    var c = window.echarts.init(box, null, { renderer: "svg" });
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  };

  // true (and the chart says so) when every value is empty
  window.ghEmpty = function (c, values) {
    if (values.some(function (v) { return v; })) return false;
    c.setOption({ title: { text: "暂无数据", left: "center", top: "middle",
                           textStyle: { color: "#6c757d", fontSize: 14, fontWeight: "normal" } } });
    return true;
  };
})();
