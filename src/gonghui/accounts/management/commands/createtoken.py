"""Create a personal access token for a staff user, for scripts and systems that call the API.

The token is printed once, as the last line, so a script can capture it with `| tail -n 1`.
"""

from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.models import User
from gonghui.accounts.services import token_create
from gonghui.core.scope import SYSTEM


class Command(BaseCommand):
    help = "为工作人员生成 API 个人访问令牌 (prints the token as the last line)"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="命令行生成", help="令牌用途")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有名为 {username} 的有效账号")
        token, raw = token_create(actor=SYSTEM, user=user, name=name)
        self.stderr.write(f"已为 {username} 生成令牌“{token.name}”；请妥善保存，它不会再次显示。")
        self.stdout.write(raw)
