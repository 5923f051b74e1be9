from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "gonghui.portal"
    label = "portal"
    verbose_name = _("职工服务")
    nav_items = [("portal_queue", _("网上诉求"), ("administrator", "officer"))]
