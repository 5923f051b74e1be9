(function () {
  "use strict";
  var standards = JSON.parse(document.getElementById("standards").textContent);
  var form = document.getElementById("survey-form");
  function num(el) { var v = parseFloat(el ? el.value : ""); return isNaN(v) ? 0 : v; }
  function standardFor(county, day) {
    var table = standards[county] || {}, year = parseInt((day || "").slice(0, 4), 10) || new Date().getFullYear();
    var best = null, bestYear = -1;
    Object.keys(table).forEach(function (y) { var n = parseInt(y, 10); if (n <= year && n > bestYear) { best = table[y]; bestYear = n; } });
    return best === null ? 0 : parseFloat(best);
  }
  function update() {
    var members = 0, monthly = 0;
    form.querySelectorAll("tr.member-row").forEach(function (row) {
      var name = row.querySelector("[name$='-name']").value.trim();
      var id = row.querySelector("[name$='-id_number']").value.trim();
      if (name || id) { members += 1; monthly += num(row.querySelector("[name$='-monthly_income']")); }
    });
    var yearly = monthly * 12 + num(form.elements["other_yearly_income"]);
    var rigid = num(form.elements["medical_expenses"]) + num(form.elements["education_expenses"]) + num(form.elements["other_expenses"]);
    var losses = num(form.elements["accident_losses"]);
    var standard = standardFor(form.elements["county"].value, form.elements["surveyed_on"].value);
    var formula = document.getElementById("calc-formula"), category = document.getElementById("calc-category");
    if (!members) { formula.textContent = "请填写家庭成员"; category.textContent = "—"; return; }
    var pc = Math.round((yearly - rigid) / 12 / members * 100) / 100;
    formula.textContent = "（" + yearly.toFixed(2) + " − " + rigid.toFixed(2) + "）÷ 12 ÷ " + members + " = " + pc.toFixed(2) + " 元";
    document.getElementById("calc-standard").textContent = standard ? "（低保标准 " + standard.toFixed(2) + " 元/月）" : "（请选择县（市、区）；该县该年度尚无低保标准）";
    if (!standard) { category.textContent = "—"; return; }
    if (pc < standard) category.textContent = "深度困难";
    else if (pc < 2 * standard) category.textContent = "相对困难";
    else if (losses > 0 && losses > 0.8 * Math.max(yearly, 0)) category.textContent = "意外致困";
    else category.textContent = "不符合建档条件";
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
