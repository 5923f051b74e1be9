from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "gonghui.facilities"
    label = "facilities"
    verbose_name = _("阵地建设")
    nav_items: list = []
