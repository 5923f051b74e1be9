from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    # Besides its own records, what its figures and findings read (see core.figure_cache).
    figures_read = ()
    verbose_name = _("组织与账户")
    nav_items = [("org_tree", _("组织架构"), ("administrator", "officer"))]

    def ready(self) -> None:
        from gonghui.orgs import signals  # noqa: F401  (audit of logins)
