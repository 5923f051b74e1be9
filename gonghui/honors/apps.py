from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonorsConfig(AppConfig):
    name = "gonghui.honors"
    label = "honors"
    # Besides its own records, what its figures and findings read (see core.figure_cache).
    figures_read = ("orgs",)
    verbose_name = _("劳模与竞赛")
    nav_items: list = [
        ("honors:model_workers", _("劳模与竞赛"), ("administrator", "officer")),
    ]
