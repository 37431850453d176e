"""The audit log's hash chain (decision 0006): sealing committed records in order, and verifying the chain.

Services insert audit records unsealed, inside their own transactions. After a transaction commits, the sealer
takes the lock on the single chain-head row in a short transaction of its own and gives every committed unsealed
record the next sequence number, the previous record's hash and its own hash: an HMAC-SHA256, under a key kept
outside the database, of a canonical serialisation of the record. Editing, deleting or inserting a record in the
database alone breaks the chain at that record, and without the key nobody can recompute the chain after it.
"""

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from .models import AuditArchive, AuditChain, AuditEvent
from .personal import _decode_key, _derived

# The fields a seal covers. `org_path` is left out on purpose: it is a copy of the node's path that a subtree move
# rewrites (decision 0002); `org_id`, which it is derived from, is covered.
SEALED_FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "actor_username",
    "category",
    "action",
    "org_id",
    "target_type",
    "target_id",
    "target_label",
    "before",
    "after",
    "reason",
    "ip",
)
SEAL_FIELDS = ("seq", "prev_hash", "hash", "key_id")
SEAL_BATCH = 500


@cache
def audit_keys() -> tuple[tuple[str, bytes], ...]:
    """(key id, key) pairs; the first seals new records, every one verifies. Format: "kid:base64key,…"."""
    spec = getattr(settings, "GONGHUI_AUDIT_KEYS", "")
    if not spec:
        return (("dev", _derived("audit")),)
    keys = []
    for item in spec.split(","):
        kid, sep, text = item.strip().partition(":")
        if not sep or not kid or len(kid) > 16:
            raise ImproperlyConfigured("GONGHUI_AUDIT_KEYS 格式应为 kid:base64key[,kid:base64key…]")
        keys.append((kid, _decode_key(text, "GONGHUI_AUDIT_KEYS")))
    return tuple(keys)


def utc_text(value: dt.datetime | str) -> str:
    return (
        value.astimezone(dt.UTC).isoformat(timespec="microseconds")
        if isinstance(value, dt.datetime)
        else value
    )


def canonical(record: dict[str, Any]) -> dict[str, Any]:
    """The sealed fields as JSON values; the timestamp in UTC with microseconds, addresses as text."""
    out = {name: record[name] for name in SEALED_FIELDS}
    out["created_at"] = utc_text(out["created_at"])
    if out["ip"] is not None:
        out["ip"] = str(out["ip"])
    return out


def seal_of(fields: dict[str, Any], *, seq: int, prev_hash: str, key: bytes) -> str:
    message = json.dumps(
        {**fields, "seq": seq, "prev_hash": prev_hash},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _head_for_update() -> AuditChain:
    try:
        return AuditChain.objects.select_for_update().get(pk=1)
    except AuditChain.DoesNotExist:
        AuditChain.objects.get_or_create(pk=1)  # a fresh or flushed database; safe against a racing sealer
        return AuditChain.objects.select_for_update().get(pk=1)


def head() -> AuditChain:
    return AuditChain.objects.get_or_create(pk=1)[0]


def seal_pending(*, limit: int | None = None) -> int:
    """Seal committed unsealed records (all, or about `limit`), oldest id first; returns how many.

    Runs after commit (`schedule_seal`), never inside a business transaction: the head row's lock is held only
    for this short transaction. Records locked by a running transaction (a subtree move rewriting `org_path`)
    are skipped and sealed by the sealer that runs after that transaction.
    """
    kid, key = audit_keys()[0]
    sealed = 0
    while limit is None or sealed < limit:
        with transaction.atomic():
            chain = _head_for_update()
            rows = list(
                AuditEvent.objects.filter(seq__isnull=True)
                .order_by("id")
                .select_for_update(skip_locked=True)
                .values(*SEALED_FIELDS)[:SEAL_BATCH]
            )
            if not rows:
                return sealed
            seq, prev = chain.last_seq, chain.last_hash
            seals = []
            for row in rows:
                seq += 1
                digest = seal_of(canonical(row), seq=seq, prev_hash=prev, key=key)
                seals.append(AuditEvent(pk=row["id"], seq=seq, prev_hash=prev, hash=digest, key_id=kid))
                prev = digest
            AuditEvent.objects.bulk_update(seals, list(SEAL_FIELDS))
            chain.last_seq, chain.last_hash = seq, prev
            chain.save(update_fields=["last_seq", "last_hash"])
        sealed += len(rows)
        if len(rows) < SEAL_BATCH:
            return sealed
    return sealed


def _seal_after_commit() -> None:
    # A request seals what it wrote and a little backlog, never a whole unsealed history (after an upgrade,
    # `gonghui audit seal` does that).
    seal_pending(limit=4 * SEAL_BATCH)


def schedule_seal() -> None:
    """Seal after the current transaction commits (at once in autocommit); registered once per transaction."""
    if any(entry[1] is _seal_after_commit for entry in connection.run_on_commit):
        return
    transaction.on_commit(_seal_after_commit, robust=True)


@dataclass
class Break:
    """The first place the chain does not hold."""

    event_id: int | None
    created_at: str
    action: str
    problem: str

    def __str__(self) -> str:
        return f"记录 id={self.event_id} 时间={self.created_at} 操作={self.action}：{self.problem}"


@dataclass
class Verdict:
    checked: int
    last_seq: int
    last_hash: str
    broken: Break | None
    unsealed: int = 0


def walk(records: Iterable[dict[str, Any]], *, seq: int, prev_hash: str) -> Verdict:
    """Check records in sequence order, continuing a chain whose last record was (`seq`, `prev_hash`)."""
    keys = dict(audit_keys())
    checked = 0
    for record in records:
        fields = canonical(record)
        where = (record["id"], fields["created_at"], record["action"])
        expected = seq + 1
        if record["seq"] != expected:
            problem = f"序号应为 {expected}，实为 {record['seq']}：此前的记录被删除或插入"
            return Verdict(checked, seq, prev_hash, Break(*where, problem))
        if record["prev_hash"] != prev_hash:
            return Verdict(checked, seq, prev_hash, Break(*where, "前一记录的摘要不符：链被改动"))
        key = keys.get(record["key_id"])
        if key is None:
            problem = f"未知密钥 {record['key_id']!r}：请在 GONGHUI_AUDIT_KEYS 中保留它"
            return Verdict(checked, seq, prev_hash, Break(*where, problem))
        if not hmac.compare_digest(
            seal_of(fields, seq=record["seq"], prev_hash=prev_hash, key=key), record["hash"]
        ):
            return Verdict(checked, seq, prev_hash, Break(*where, "内容与摘要不符：记录被修改"))
        seq, prev_hash = record["seq"], record["hash"]
        checked += 1
    return Verdict(checked, seq, prev_hash, None)


def _sealed_records() -> Iterator[dict[str, Any]]:
    return (
        AuditEvent.objects.filter(seq__isnull=False)
        .order_by("seq")
        .values(*SEALED_FIELDS, *SEAL_FIELDS)
        .iterator(chunk_size=2000)
    )


def verify_chain() -> Verdict:
    """Seal what is committed, then recompute the whole chain from its anchor (the last pruned record)."""
    seal_pending()
    chain = head()
    if (
        chain.anchor_seq
        and not AuditArchive.objects.filter(
            first_seq__lte=chain.anchor_seq, last_seq__gte=chain.anchor_seq
        ).exists()
    ):
        problem = f"起点 #{chain.anchor_seq} 没有对应的归档：早期记录可能被删除"
        return Verdict(0, chain.anchor_seq, chain.anchor_hash, Break(None, "", "", problem))
    verdict = walk(_sealed_records(), seq=chain.anchor_seq, prev_hash=chain.anchor_hash)
    if verdict.broken is None and verdict.last_seq != chain.last_seq:
        last = AuditEvent.objects.filter(seq=verdict.last_seq).values("id", "created_at", "action").first()
        problem = f"链尾应为 #{chain.last_seq}，实为 #{verdict.last_seq}：其后的记录被删除"
        verdict.broken = (
            Break(last["id"], utc_text(last["created_at"]), last["action"], problem)
            if last
            else Break(None, "", "", problem)
        )
    verdict.unsealed = AuditEvent.objects.filter(seq__isnull=True).count()
    return verdict
