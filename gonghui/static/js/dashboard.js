// Dashboard charts: the county comparison and the monthly line of the chosen figure.
(function () {
  const node = document.getElementById("chart-data");
  if (!node || typeof echarts === "undefined") return;
  const data = JSON.parse(node.textContent);
  const units = document.getElementById("chart-units");
  if (units && data.units.length) {
    const chart = echarts.init(units);
    chart.setOption({
      tooltip: {},
      grid: { left: 50, right: 10, bottom: 60 },
      xAxis: { type: "category", data: data.units, axisLabel: { rotate: 40 } },
      yAxis: { type: "value" },
      series: [{ type: "bar", name: data.label, data: data.values, itemStyle: { color: "#b71c1c" } }],
    });
    window.addEventListener("resize", () => chart.resize());
  }
  const months = document.getElementById("chart-months");
  if (months && data.months.length) {
    const chart = echarts.init(months);
    chart.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 50, right: 10 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value" },
      series: [{ type: "line", name: data.label, data: data.series, smooth: true }],
    });
    window.addEventListener("resize", () => chart.resize());
  }
})();
