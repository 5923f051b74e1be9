from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

STAFF = ("administrator", "officer")


class FundsConfig(AppConfig):
    name = "gonghui.funds"
    label = "funds"
    # Besides its own records, what its figures and findings read (see core.figure_cache).
    figures_read = ("orgs",)
    verbose_name = _("工会经费")
    nav_items: list = [("funds:dues", _("经费征缴"), STAFF)]

    def ready(self) -> None:
        from gonghui.funds import totals  # noqa: F401  (keeps the monthly totals in step)
