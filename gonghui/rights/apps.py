from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

STAFF = ("administrator", "officer")


class RightsConfig(AppConfig):
    name = "gonghui.rights"
    label = "rights"
    # Besides its own records, what its figures and findings read (see core.figure_cache).
    figures_read = ("orgs",)
    verbose_name = _("维权")
    nav_items: list = [
        # One entry: the module's pages are tabs (信访, 统计, 律师, 监督…) under it.
        ("rights:petition_list", _("维权"), STAFF),
        ("rights:my_shifts", _("我的值班"), ("lawyer",)),
    ]
