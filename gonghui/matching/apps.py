from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "gonghui.matching"
    label = "matching"
    verbose_name = _("数据比对")
    nav_items: list = []
