from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

STAFF = ("administrator", "officer")


class UnionsConfig(AppConfig):
    name = "gonghui.unions"
    label = "unions"
    # Besides its own records, what its figures and findings read (see core.figure_cache).
    figures_read = ("facilities", "funds", "orgs")
    verbose_name = _("基层组织")
    nav_items: list = [
        ("unions:tracker", _("换届"), STAFF),
        ("unions:joint_meetings", _("联席会议"), STAFF),
    ]
