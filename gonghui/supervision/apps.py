from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

STAFF = ("administrator", "officer")


class SupervisionConfig(AppConfig):
    name = "gonghui.supervision"
    label = "supervision"
    verbose_name = _("督查督办")
    nav_items: list = [
        ("supervision:overview", _("督查督办"), STAFF),
        ("supervision:desk", _("本单位任务"), STAFF),
        ("supervision:innovation", _("创新项目"), ("judge",)),
    ]

    def figures_read(self) -> tuple[str, ...]:
        """Besides its own records, the org tree and the modules of the indicators its tasks
        are measured by (量化指标): read when the versions are (see core.figure_cache)."""
        from gonghui.supervision.models import Task

        names = Task.objects.exclude(indicator_name="").values_list("indicator_name", flat=True)
        return ("orgs", *sorted({name.split(".", 1)[0] for name in names.distinct()}))
