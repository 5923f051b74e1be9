from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

STAFF = ("administrator", "officer")


class SupervisionConfig(AppConfig):
    name = "gonghui.supervision"
    label = "supervision"
    verbose_name = _("督查督办")
    nav_items: list = [
        ("supervision:overview", _("督查督办"), STAFF),
        ("supervision:desk", _("本单位任务"), STAFF),
        ("supervision:innovation", _("创新项目"), ("judge",)),
    ]
