// Ask only what the chosen service needs: matter and employer for complaints and legal help.
(function () {
  const kind = document.getElementById("id_kind");
  function refresh() {
    const aid = kind.value === "education_aid" || kind.value === "hardship_aid";
    document.querySelector('[data-field="matter"]').hidden = aid;
  }
  kind.addEventListener("change", refresh); refresh();
})();
