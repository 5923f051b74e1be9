"""`manage.py load_demo`: load the demo (Sanming, first half of 2018) once; again changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from gonghui.core import demo


class Command(BaseCommand):
    help = "加载演示数据（三明市总工会及12个县级工会，2018年上半年）；重复运行不会重复加载"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账户")

    def handle(self, *args: Any, **options: Any) -> None:
        demo.load_all(report=self.stdout.write)
        if not options["quiet_logins"]:
            from gonghui.orgs.demo import print_logins

            print_logins(self.stdout.write)
