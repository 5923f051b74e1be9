from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "gonghui.supervision"
    label = "supervision"
    verbose_name = _("督查督办")
    nav_items: list = []
