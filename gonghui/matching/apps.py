from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "gonghui.matching"
    label = "matching"
    # Besides its own records, what its figures and findings read (see core.figure_cache).
    figures_read = ("hardship", "orgs")
    verbose_name = _("数据比对")
    nav_items = [
        ("matching:list_index", _("数据比对"), ("administrator", "officer")),
        ("matching:flag_list", _("比对疑点"), ("administrator", "officer")),
        ("matching:summary", _("疑点处理情况"), ("administrator", "officer")),
    ]

    def ready(self) -> None:
        from gonghui.core import reaper, retention
        from gonghui.matching.housekeeping import purge_uploads, reap_runs

        reaper.register("comparison_runs", reap_runs)
        retention.register("comparison_uploads", purge_uploads)
