from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        # Each module declares its figures in its own indicators.py.
        autodiscover_modules("indicators")
        from gonghui.core import figure_cache

        figure_cache.connect()
        post_migrate.connect(
            figure_cache.make_install_id, sender=self, dispatch_uid="gonghui-install-id"
        )
        figure_cache.code_version()  # the code this process runs, read before any deploy
