"""Re-encrypt personal data under the current key and rehash it under the current lookup key.

Why: keys are rotated (docs/operations.md, "Keys for personal data") by putting the new data key first in
GONGHUI_DATA_KEYS, and/or setting a new GONGHUI_LOOKUP_KEY, then running this command; afterwards the old
data key can be removed. Rows already under the current keys are left alone, so it can be re-run.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from gonghui.core import personal
from gonghui.members.models import Person

BATCH = 2000


class Command(BaseCommand):
    help = "用当前密钥重新加密证件号码和手机号码，并重算查找散列（密钥轮换）"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计需要处理的人数，不写入")

    def handle(self, *args, dry_run: bool = False, **options):
        current = personal.current_key_id()
        total = Person.objects.count()
        changed = seen = 0
        last = 0
        while True:
            with transaction.atomic():
                batch = list(Person.objects.select_for_update().filter(pk__gt=last).order_by("pk")[:BATCH])
                if not batch:
                    break
                stale = [p for p in batch if _stale(p, current)]
                if not dry_run:
                    for p in stale:
                        p.set_document(p.doc_type, p.reveal_document())
                        p.set_mobile(p.reveal_mobile())
                    Person.objects.bulk_update(
                        stale,
                        [
                            "id_cipher",
                            "id_hash",
                            "id_masked",
                            "mobile_cipher",
                            "mobile_hash",
                            "mobile_masked",
                        ],
                    )
            changed += len(stale)
            seen += len(batch)
            last = batch[-1].pk
            self.stdout.write(f"  {seen}/{total} 人，需更新 {changed} 人")
        verb = "需要更新" if dry_run else "已更新"
        self.stdout.write(
            self.style.SUCCESS(f"完成：共 {total} 人，{verb} {changed} 人（当前数据密钥 {current}）")
        )


def _stale(p: Person, current: str) -> bool:
    if not p.id_cipher.startswith(f"{current}$"):
        return True
    if p.mobile_cipher and not p.mobile_cipher.startswith(f"{current}$"):
        return True
    return p.id_hash != Person.id_lookup(p.doc_type, p.reveal_document())
