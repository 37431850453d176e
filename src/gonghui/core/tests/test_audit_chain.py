"""The audit log is tamper-evident (等保 安全审计): sealed in a keyed hash chain, guarded by the database."""

from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from gonghui.core.audit import audit_record
from gonghui.core.chain import audit_keys, canonical, seal_of, seal_pending, verify_chain
from gonghui.core.models import AuditCategory, AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.audit import SampleAudit
from gonghui.core.testing.concurrency import postgresql_only, race
from gonghui.orgs.models import Level
from gonghui.orgs.services import org_create


def record(n: int, **fields) -> list[AuditEvent]:
    return [
        audit_record(actor=SYSTEM, action=SampleAudit.EVENT, category=AuditCategory.SECURITY, **fields)
        for i in range(n)
    ]


def verify() -> str:
    out = []

    class Out:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command("audit", "verify", stdout=Out())
    return "".join(out)


@contextmanager
def guard_off():
    """What an attacker with the database owner's rights could do: switch the trigger off (this transaction
    only), as a superuser on PostgreSQL; on SQLite the DROP is undone with the test's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            yield cursor
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            cursor.execute("DROP TRIGGER core_auditevent_guard")
            yield cursor


@pytest.mark.django_db
def test_a_committed_record_is_sealed_onto_the_end_of_the_chain(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        first, second = record(2)
    assert len(callbacks) == 1  # one sealer per transaction, however many records it wrote
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == ""
    assert second.prev_hash == first.hash
    assert len(second.hash) == 64
    assert "审计链完好 (chain intact)：2 条记录" in verify()


@pytest.mark.django_db
def test_a_service_s_records_verify():
    city = org_create(
        actor=SYSTEM, parent=None, name="北京市总工会", level=Level.CITY, district_code="110000"
    )
    org_create(actor=SYSTEM, parent=city, name="朝阳区总工会", level=Level.DISTRICT, district_code="110105")
    assert AuditEvent.objects.filter(seq__isnull=True).count() == 2  # inside the test's transaction: unsealed
    assert "2 条记录" in verify()  # verify seals first
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()


@pytest.mark.django_db
def test_verify_names_exactly_the_record_edited_in_the_database():
    events = record(5)
    seal_pending()
    victim = events[2]
    with guard_off() as cursor:
        cursor.execute("UPDATE core_auditevent SET reason = %s WHERE id = %s", ["改过了", victim.pk])
    with pytest.raises(CommandError) as failure:
        verify()
    message = str(failure.value)
    assert f"记录 id={victim.pk} " in message
    assert "操作=test.event" in message
    assert "内容与摘要不符" in message
    assert "此前 2 条完好" in message


@pytest.mark.django_db
def test_an_edit_with_a_recomputed_chain_is_still_found_without_the_key():
    """SHA-256 alone could be recomputed by whoever can write the table; the HMAC key is outside it."""
    events = record(4)
    seal_pending()
    victim = events[1]
    forged_key = b"x" * 32
    with guard_off() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_username = %s WHERE id = %s", ["别人", victim.pk])
        prev = AuditEvent.objects.get(pk=events[0].pk).hash
        for event in events[1:]:
            row = AuditEvent.objects.filter(pk=event.pk).values().get()
            digest = seal_of(canonical(row), seq=row["seq"], prev_hash=prev, key=forged_key)
            cursor.execute(
                "UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, event.pk]
            )
            prev = digest
    verdict = verify_chain()
    assert verdict.broken is not None
    assert verdict.broken.event_id == victim.pk
    assert verdict.checked == 1


@pytest.mark.django_db
def test_a_deleted_record_breaks_the_chain_at_the_next_one():
    events = record(4)
    seal_pending()
    with guard_off() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].pk])
    verdict = verify_chain()
    assert verdict.broken.event_id == events[2].pk
    assert "序号应为 2，实为 3" in verdict.broken.problem


@pytest.mark.django_db
def test_deleting_the_newest_records_is_found():
    events = record(3)
    seal_pending()
    with guard_off() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [events[2].pk])
    verdict = verify_chain()
    assert verdict.broken.event_id == events[1].pk
    assert "其后的记录被删除" in verdict.broken.problem


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_a_record():
    event = record(1)[0]
    with pytest.raises(DatabaseError, match="审计记录不可修改"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="org.nothing")
    seal_pending()
    event.refresh_from_db()
    with pytest.raises(DatabaseError, match="审计记录不可修改"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(hash="0" * 64)  # a seal is written once
    AuditEvent.objects.filter(pk=event.pk).update(
        org_path="000001"
    )  # a subtree move may rewrite the path copy
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="审计记录不可删除"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
        with pytest.raises(DatabaseError, match="审计记录不可删除"), transaction.atomic():
            event.delete()
    assert AuditEvent.objects.filter(pk=event.pk, action="test.event", hash=event.hash).exists()
    assert "1 条记录" in verify()


@pytest.mark.django_db
def test_verify_names_an_unknown_key(settings):
    record(1)
    seal_pending()
    settings.GONGHUI_AUDIT_KEYS = "k2:" + "A" * 43
    audit_keys.cache_clear()
    try:
        assert "未知密钥 'dev'" in verify_chain().broken.problem
    finally:
        del settings.GONGHUI_AUDIT_KEYS
        audit_keys.cache_clear()


WRITERS = 20


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_20_concurrent_writers_leave_one_unbroken_chain():
    postgresql_only()

    def write(i: int) -> None:
        for _ in range(3):
            with transaction.atomic():
                audit_record(actor=SYSTEM, action=SampleAudit.EVENT)
                audit_record(actor=SYSTEM, action=SampleAudit.EVENT)

    errors = [repr(r) for r in race([lambda i=i: write(i) for i in range(WRITERS)]) if r is not None]
    assert errors == []
    total = WRITERS * 3 * 2
    # every writer's sealer ran after its commit: nothing is left for verify to seal
    assert not AuditEvent.objects.filter(seq__isnull=True).exists()
    assert sorted(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, total + 1))
    assert f"{total} 条记录" in verify()
