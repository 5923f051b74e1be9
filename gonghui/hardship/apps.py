from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HardshipConfig(AppConfig):
    name = "gonghui.hardship"
    label = "hardship"
    # Besides its own records, what its figures and findings read (see core.figure_cache).
    figures_read = ("matching", "orgs")
    verbose_name = _("困难职工帮扶")
    nav_items = [
        ("hardship:archive_list", _("困难职工档案"), ("administrator", "officer")),
        ("hardship:review_queue", _("年审待办"), ("administrator", "officer")),
        ("hardship:summary", _("帮扶统计"), ("administrator", "officer")),
        ("hardship:education", _("帮扶项目"), ("administrator", "officer")),
    ]

    def ready(self) -> None:
        # Jobs register themselves for the background worker.
        # So do the archive import and the full-ID export.
        from gonghui.hardship import archive_export, import_job  # noqa: F401
