from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

STAFF = ("administrator", "officer")


class FacilitiesConfig(AppConfig):
    name = "gonghui.facilities"
    label = "facilities"
    # Besides its own records, what its figures and findings read (see core.figure_cache).
    figures_read = ("orgs", "unions")
    verbose_name = _("阵地建设")
    nav_items: list = [
        ("facilities:projects", _("阵地建设"), STAFF),
        ("facilities:service_points", _("服务阵地"), STAFF),
    ]
