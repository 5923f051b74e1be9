"""`manage.py renew_install_id`: give a restored database a new identity, so that the figures
a shared or surviving cache holds for the database it replaced are never served for it."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core import figure_cache


class Command(BaseCommand):
    help = "恢复数据库后运行：更换本库的安装标识，使缓存中旧库的统计数字不再被读取"

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = figure_cache.renew_install_id()
        self.stdout.write(
            f"已更换安装标识（{stamp.split('.', 1)[0]}），缓存中旧库的统计数字不再使用。"
        )
