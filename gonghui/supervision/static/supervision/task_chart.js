// A task's progress over time: each unit's stated progress against the expected line (序时进度).
(function () {
  const node = document.getElementById("chart-data");
  const box = document.getElementById("task-chart");
  if (!node || !box || typeof echarts === "undefined") return;
  const data = JSON.parse(node.textContent);
  const series = [
    {
      name: "序时进度",
      type: "line",
      data: data.expected,
      lineStyle: { type: "dashed", color: "#888" },
      itemStyle: { color: "#888" },
      symbol: "none",
    },
  ];
  data.units.forEach(function (unit) {
    series.push({ name: unit.name, type: "line", step: false, data: unit.data });
  });
  const chart = echarts.init(box);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: { type: "time" },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: series,
    markLine: { data: [{ xAxis: data.as_of }] },
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
