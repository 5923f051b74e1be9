"""`manage.py create_api_token --org 350430 --name 省总对接`: a system account and its token."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gonghui.api.models import ApiToken
from gonghui.core import audit
from gonghui.core.management.commands.indicators import find_org
from gonghui.orgs.models import Role, User


class Command(BaseCommand):
    help = "为绑定到某工会的系统账户签发接口令牌（令牌只显示这一次）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--org", required=True, help="行政区划代码、统一社会信用代码或编号")
        parser.add_argument("--name", required=True, help="令牌用途，如“省总工会平台对接”")
        parser.add_argument("--revoke", action="store_true", help="撤销该工会同名的全部令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        org = find_org(options["org"])
        username = f"api-{org.pk}"
        if options["revoke"]:
            from django.utils import timezone

            count = ApiToken.objects.filter(
                user__username=username, name=options["name"], revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            if not count:
                raise CommandError("没有可撤销的令牌")
            audit.record("api.token_revoked", org=org, detail={"name": options["name"]})
            self.stdout.write(f"已撤销{count}个令牌")
            return
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"org": org, "roles": Role.OFFICER, "full_name": f"{org.name}系统账户"},
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        token, raw = ApiToken.issue(user, options["name"])
        audit.record("api.token_issued", obj=token, org=org, detail={"name": options["name"]})
        self.stdout.write(f"系统账户 {username}（{org.name}）的令牌（只显示这一次，请妥善保存）：")
        self.stdout.write(raw)
