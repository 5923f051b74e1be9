from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "gonghui.dashboard"
    label = "dashboard"
    verbose_name = _("工作台")
    nav_items = [("dashboard", _("工作台"), ("administrator", "officer"))]

    def ready(self) -> None:
        # The briefing's writer registers itself for the background worker.
        from gonghui.dashboard import briefing_job  # noqa: F401
