from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnionsConfig(AppConfig):
    name = "gonghui.unions"
    label = "unions"
    verbose_name = _("基层组织")
    nav_items: list = []
