"""Audit records are kept at least 180 days, archived to a verifiable file before pruning (等保 安全审计)."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.chain import head, seal_pending, verify_chain
from gonghui.core.models import AuditArchive, AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.audit import SampleAudit

# The tests run on a pinned day. It lies in the past, so the PostgreSQL guard, which reads the database's own now(),
# sees the records pruned here as at least as old as the command does.
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def pinned_today():
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


def record(n: int, days_ago: int, label: str) -> list[AuditEvent]:
    with time_machine.travel(timezone.now() - dt.timedelta(days=days_ago), tick=False):
        return [
            audit_record(
                actor=SYSTEM, action=SampleAudit.EVENT, target_label=f"{label}{i}", reason=f"第{i}条"
            )
            for i in range(n)
        ]


def run(*args) -> str:
    lines: list[str] = []

    class Out:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    call_command("audit", *args, stdout=Out())
    return "".join(lines)


@pytest.fixture
def history():
    old = record(3, 400, "old")
    recent = record(2, 100, "recent")
    seal_pending()
    return old, recent


@pytest.mark.django_db
def test_archive_then_prune_leaves_a_chain_that_still_verifies(history, tmp_path):
    old, recent = history
    before = (TODAY - dt.timedelta(days=200)).isoformat()
    out = tmp_path / "audit-2025.jsonl"

    with pytest.raises(CommandError, match="尚未归档"):
        run("prune", "--before", before)

    assert "已归档 (archived)：3 条 (#1–#3)" in run("archive", "--before", before, "--out", str(out))
    header, *lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (header["first_seq"], header["last_seq"], header["prev_hash"]) == (1, 3, "")
    assert [line["id"] for line in lines] == [e.pk for e in old]
    assert all(len(line["hash"]) == 64 for line in lines)
    assert "审计链完好 (chain intact)：3 条记录" in run("verify", "--archive", str(out))
    archive = AuditArchive.objects.get()
    assert archive.path == str(out.resolve())

    assert "可清理 (would prune)：3 条" in run("prune", "--before", before, "--dry-run")
    assert AuditEvent.objects.count() == 6  # the dry run removed nothing (5 records and the archiving)
    assert "已清理 (pruned)：3 条" in run("prune", "--before", before)
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in recent]).count() == 2
    assert list(AuditEvent.objects.filter(action__startswith="audit.").values_list("action", flat=True)) == [
        "audit.prune",
        "audit.archive",
    ]
    assert (head().anchor_seq, head().anchor_hash) == (3, lines[-1]["hash"])
    assert "审计链完好 (chain intact)：4 条记录" in run("verify")  # two recent, the archiving, the pruning
    assert "已清理 (pruned)：0 条" in run("prune", "--before", before)


@pytest.mark.django_db
def test_an_edited_archive_names_the_edited_record(history, tmp_path):
    old, _ = history
    before = (TODAY - dt.timedelta(days=200)).isoformat()
    out = tmp_path / "audit.jsonl"
    run("archive", "--before", before, "--out", str(out))
    text = out.read_text(encoding="utf-8").replace("第1条", "第九条")
    out.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=f"记录 id={old[1].pk} .*操作=test.event：内容与摘要不符"):
        run("verify", "--archive", str(out))
    with pytest.raises(CommandError, match="文件已存在"):
        run("archive", "--before", before, "--out", str(out))


@pytest.mark.django_db
def test_nothing_younger_than_the_retention_period_is_pruned(history, settings, tmp_path):
    recent_day = TODAY - dt.timedelta(days=150)
    with pytest.raises(CommandError, match="至少保留 180 天"):
        run("prune", "--before", recent_day.isoformat())
    settings.GONGHUI_AUDIT_RETENTION_DAYS = 30  # cannot go below the 等保 minimum
    with pytest.raises(CommandError, match="至少保留 180 天"):
        run("prune", "--before", recent_day.isoformat())
    settings.GONGHUI_AUDIT_RETENTION_DAYS = 500
    before = (TODAY - dt.timedelta(days=200)).isoformat()
    run("archive", "--before", before, "--out", str(tmp_path / "a.jsonl"))
    with pytest.raises(CommandError, match="至少保留 500 天"):
        run("prune", "--before", before)
    assert AuditEvent.objects.count() == 6


@pytest.mark.django_db
def test_a_moved_anchor_without_an_archive_is_reported(history):
    chain = head()
    chain.anchor_seq, chain.anchor_hash = 2, AuditEvent.objects.get(seq=2).hash
    chain.save()
    assert "没有对应的归档" in verify_chain().broken.problem


@pytest.mark.django_db
def test_the_database_refuses_to_delete_old_records_nobody_archived(history):
    if connection.vendor != "postgresql":
        pytest.skip("the DELETE guard is PostgreSQL's: SQLite's test runner empties tables with DELETE")
    old, _ = history
    with pytest.raises(DatabaseError, match="审计记录不可删除"), transaction.atomic():
        AuditEvent.objects.filter(pk=old[0].pk).delete()
    assert AuditEvent.objects.filter(pk=old[0].pk).exists()
