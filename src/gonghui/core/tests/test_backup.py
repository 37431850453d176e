"""Backup and restore (等保 数据备份恢复): encrypted, authenticated, and the drill brings every record back."""

import base64
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection

from gonghui.core import backup
from gonghui.core.audit import audit_record
from gonghui.core.chain import verify_chain
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.audit import SampleAudit
from gonghui.core.testing.world import build_world
from gonghui.members.models import Membership, Person
from gonghui.members.tests.factories import enrol
from gonghui.orgs.models import Org

KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
PHOTO = b"\xff\xd8\xff\xe0 sentinel photo bytes " * 50


def sealed(plain: bytes, key: bytes = b"k" * 32) -> bytes:
    out = io.BytesIO()
    writer = backup.EncryptingWriter(out, key)
    writer.write(plain)
    writer.close()
    return out.getvalue()


def opened(data: bytes, key: bytes = b"k" * 32) -> bytes:
    return b"".join(backup.decrypted_chunks(io.BytesIO(data), key))


def test_the_stream_round_trips_in_chunks_and_hides_its_content(monkeypatch):
    monkeypatch.setattr(backup, "CHUNK", 64)
    plain = os.urandom(1000) + b"sentinel"
    data = sealed(plain)
    assert opened(data) == plain
    assert b"sentinel" not in data
    assert data.count(b"\x00\x00\x00\x50") >= 15  # 16 frames of 64 bytes (+16 tag) and the final one


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d[:200] + bytes([d[200] ^ 1]) + d[201:], id="a flipped bit"),
        pytest.param(lambda d: d[:-10], id="cut inside the last chunk"),
        pytest.param(lambda d: d[: len(backup.MAGIC) + 16 + 4 * (4 + 80)], id="cut at a chunk boundary"),
        pytest.param(
            lambda d: d[: len(backup.MAGIC) + 16] + d[-(4 + 40 + 16) :], id="all but the last dropped"
        ),
    ],
)
def test_a_damaged_file_is_refused(monkeypatch, damage):
    monkeypatch.setattr(backup, "CHUNK", 64)
    data = sealed(os.urandom(1000))
    with pytest.raises(DomainError, match=r"校验失败|不完整"):
        opened(damage(data))


def test_the_wrong_key_is_refused():
    with pytest.raises(DomainError, match="密钥不对"):
        opened(sealed(b"payload"), key=b"x" * 32)


def test_without_a_key_nothing_is_written(monkeypatch, tmp_path):
    monkeypatch.delenv(backup.KEY_ENV, raising=False)
    with pytest.raises(CommandError, match="未设置备份密钥 GONGHUI_BACKUP_KEY"):
        call_command("backup", "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_sqlite_is_refused_with_a_reason(monkeypatch, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the refusal is for the embedded SQLite database; PostgreSQL is backed up (next test)")
    monkeypatch.setenv(backup.KEY_ENV, KEY)
    with pytest.raises(CommandError, match="只支持 PostgreSQL"):
        call_command("backup", "--out", str(tmp_path))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_restore_drill_brings_every_sentinel_back(monkeypatch, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: pg_dump and pg_restore work on a server database, not SQLite in memory"
        )
    monkeypatch.setenv(backup.KEY_ENV, KEY)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    world = build_world()  # committed (autocommit test): organisations, staff, their audit records
    membership = enrol(world.base_donghu, "备份哨兵")
    photo = default_storage.save("activities/2026/sentinel.jpg", ContentFile(PHOTO))
    audit_record(actor=SYSTEM, action=SampleAudit.EVENT, reason="备份演练")
    events = AuditEvent.objects.count()

    call_command("backup", "--out", str(tmp_path / "backups"), stdout=io.StringIO())
    [file] = (tmp_path / "backups").glob("gonghui-*.backup")
    assert PHOTO[:40] not in file.read_bytes()  # encrypted

    with connection.cursor() as cursor:  # lose everything
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    default_storage.delete(photo)
    with pytest.raises(DatabaseError):
        Org.objects.count()

    out = io.StringIO()
    call_command("restore", str(file), "--yes", stdout=out)
    print(out.getvalue())  # the measured restore time, for docs/operations.md

    assert Org.objects.filter(pk=world.base_donghu.pk, name="望京科技有限公司工会").exists()
    assert Person.objects.filter(full_name="备份哨兵").exists()
    assert Membership.objects.filter(pk=membership.pk, org=world.base_donghu).exists()
    with default_storage.open(photo, "rb") as f:
        assert f.read() == PHOTO
    assert AuditEvent.objects.filter(action="test.event", reason="备份演练").exists()
    assert "审计链完好 (audit chain intact)" in out.getvalue()
    verdict = verify_chain()
    assert verdict.broken is None
    assert verdict.checked == events == AuditEvent.objects.count()
