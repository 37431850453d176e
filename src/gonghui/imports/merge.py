"""The set-wise merge of a checked roster into the register: staging table in, a few SQL statements out.

No row-by-row ORM work: rows are loaded into a temporary staging table (PostgreSQL: COPY; SQLite: executemany in
the same transaction) and merged with one statement per kind of change. Everything runs in the caller's
transaction, so a roster is applied whole or not at all (a killed run leaves the register as it was), and the
statements only add what is missing, so applying the same roster again changes nothing.

What a roster row does (DOMAIN §2): a new person is registered; an existing person's data is updated from the
columns the roster has; a person with no live membership becomes a member of the union (channel "roster import");
a person live in another union is never moved silently: a transfer request (M5) is recorded instead; a person
already a member here stays as they are.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from gonghui.members.models import LIVE_STATUSES, lapse_cutoff
from gonghui.orgs.models import Org

from .roster import STAGE_COLUMNS, RowError

STAGE = "roster_stage"
COLUMN_TYPES = {
    "row_no": "integer",
    "birth_date": "date",
    "join_date": "date",
    "is_migrant": "boolean",
    "is_new_form": "boolean",
    "is_hardship": "boolean",
    "is_model_worker": "boolean",
}

# roster field → person columns it may update, and how: "text" only when the cell is not blank, "value" always
UPDATABLE = {
    "mobile": (("mobile_hash", "mobile_cipher", "mobile_masked"), "text"),
    "ethnicity": (("ethnicity",), "text"),
    "education": (("education",), "text"),
    "residence": (("residence",), "text"),
    "employment_status": (("employment_status",), "text"),
    "skill_level": (("skill_level",), "text"),
    "is_migrant": (("is_migrant",), "value"),
    "new_form": (("is_new_form", "priority_group"), "value"),
    "is_hardship": (("is_hardship",), "value"),
    "is_model_worker": (("is_model_worker",), "value"),
    "birth_date": (("birth_date",), "date"),  # only for documents without a birth date in them
}


@dataclass
class Counts:
    rows: int = 0
    new_people: int = 0
    new_members: int = 0
    changed_people: int = 0
    transfers: int = 0
    already_here: int = 0
    errors: int = 0  # rows in error (a row may have several errors)

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class Plan:
    """What applying would do, and the rows it refuses on the register's grounds."""

    counts: Counts
    errors: list[RowError] = field(default_factory=list)


def _pg() -> bool:
    return connection.vendor == "postgresql"


def create_stage() -> None:
    """A temporary table of this connection: it vanishes with the connection, so a killed run leaves nothing."""
    columns = ", ".join(f"{c} {COLUMN_TYPES.get(c, 'text')}" for c in STAGE_COLUMNS)
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cur.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns})")


def drop_stage() -> None:
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {STAGE}")


def load_stage(batch: Iterable[tuple]) -> None:
    """Append staged rows: COPY on PostgreSQL, executemany on SQLite."""
    with connection.cursor() as cur:
        if _pg():
            with cur.cursor.copy(f"COPY {STAGE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
            cur.executemany(f"INSERT INTO {STAGE} VALUES ({marks})", list(batch))


def index_stage() -> None:
    with connection.cursor() as cur:
        cur.execute(f"CREATE INDEX {STAGE}_hash ON {STAGE} (id_hash)")
        cur.execute(f"ANALYZE {STAGE}")


def _live(alias: str, today: dt.date) -> tuple[str, list]:
    """SQL for "this membership is live today": a live status, and not an active one whose dues lapsed (M7)."""
    marks = ", ".join(["%s"] * len(LIVE_STATUSES))
    sql = (
        f"{alias}.status IN ({marks}) AND NOT ({alias}.status = 'active' AND {alias}.dues_paid_until IS NOT NULL"
        f" AND {alias}.dues_paid_until < %s)"
    )
    return sql, [*LIVE_STATUSES, lapse_cutoff(today)]


def _not_elsewhere(union: Org, today: dt.date) -> str:
    """SQL: person p holds no live membership in another union. A roster updates only the people who are, or
    become, this union's members; someone else's member is that union's to update (until the transfer)."""
    live = ", ".join(f"'{s}'" for s in LIVE_STATUSES)
    return (
        "NOT EXISTS (SELECT 1 FROM members_membership y WHERE y.person_id = p.id"
        f" AND y.status IN ({live}) AND y.org_id <> {int(union.pk)}"
        f" AND NOT (y.status = 'active' AND y.dues_paid_until IS NOT NULL"
        f" AND y.dues_paid_until < '{lapse_cutoff(today).isoformat()}'))"
    )


def _differs(mapped: set[str]) -> str:
    """SQL: the staged row would change the person p (only columns the roster has)."""
    parts = []
    for name, (columns, how) in UPDATABLE.items():
        if name not in mapped:
            continue
        first = columns[0]
        if how == "text":
            parts.append(f"(s.{first} <> '' AND s.{first} <> p.{first})")
        elif how == "date":
            parts.append(
                f"(s.doc_type <> 'ric' AND s.{first} IS NOT NULL AND (p.{first} IS NULL OR s.{first} <> p.{first}))"
            )
        else:
            parts.extend(f"(s.{c} <> p.{c})" for c in columns)
    return " OR ".join(parts) or "FALSE"


def _refusals(cur, union: Org, today: dt.date) -> list[RowError]:
    """Rows the register refuses: a known document under another name, a member number someone else holds,
    a person whose application is pending in another union."""
    cur.execute(
        f"SELECT s.row_no, s.id_masked FROM {STAGE} s JOIN members_person p ON p.id_hash = s.id_hash"
        " WHERE p.full_name <> s.full_name"
    )
    errors = [
        RowError(row, "姓名", "", f"证件号码 {masked} 已登记，但姓名与登记信息不一致，请核对")
        for row, masked in cur.fetchall()
    ]
    cur.execute(
        f"SELECT s.row_no, s.number FROM {STAGE} s WHERE s.number IS NOT NULL AND EXISTS ("
        " SELECT 1 FROM members_membership x JOIN members_person q ON q.id = x.person_id"
        " WHERE x.number = s.number AND q.id_hash <> s.id_hash)"
    )
    errors += [
        RowError(row, "会员证号", number, "该会员证号已被其他会员使用") for row, number in cur.fetchall()
    ]
    cur.execute(
        f"SELECT s.row_no, s.id_masked, o.name FROM {STAGE} s JOIN members_person p ON p.id_hash = s.id_hash"
        " JOIN members_membership m ON m.person_id = p.id AND m.status = 'pending' AND m.org_id <> %s"
        " JOIN orgs_org o ON o.id = m.org_id",
        [union.pk],
    )
    errors += [
        RowError(row, "证件号码", masked, f"已向“{name}”提交入会申请，待其审批后再办理转会")
        for row, masked, name in cur.fetchall()
    ]
    return sorted(errors, key=lambda e: e.row)


def _without(rows: list[int]) -> tuple[str, list[int]]:
    """SQL excluding refused rows from the stage."""
    if not rows:
        return "", []
    return f" AND s.row_no NOT IN ({', '.join(['%s'] * len(rows))})", rows


def plan(*, union: Org, mapped: set[str], today: dt.date) -> Plan:
    """Classify the staged rows against the register, without changing anything."""
    with connection.cursor() as cur:
        refused = _refusals(cur, union, today)
        bad = sorted({r.row for r in refused})
        live, live_params = _live("m", today)
        skip, skip_params = _without(bad)
        cur.execute(
            f"""
            SELECT
              COUNT(*),
              COALESCE(SUM(CASE WHEN p.id IS NULL THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN m.id IS NULL THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN p.id IS NOT NULL AND ({_differs(mapped)}) AND {_not_elsewhere(union, today)}
                  THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN m.id IS NOT NULL AND m.org_id <> %s AND NOT EXISTS (
                    SELECT 1 FROM members_transfer t WHERE t.membership_id = m.id
                    AND t.status IN ('requested', 'pending')) THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN m.org_id = %s THEN 1 ELSE 0 END), 0)
            FROM {STAGE} s
            LEFT JOIN members_person p ON p.id_hash = s.id_hash
            LEFT JOIN members_membership m ON m.person_id = p.id AND {live}
            WHERE 1 = 1 {skip}
            """,
            [union.pk, union.pk, *live_params, *skip_params],
        )
        rows, new_people, new_members, changed, transfers, here = cur.fetchone()
    counts = Counts(
        rows=rows,
        new_people=new_people,
        new_members=new_members,
        changed_people=changed,
        transfers=transfers,
        already_here=here,
        errors=len(bad),
    )
    return Plan(counts, refused)


def apply(*, union: Org, mapped: set[str], today: dt.date, actor, reason: str, number_prefix: str) -> Plan:
    """Merge the staged rows (in the caller's transaction). Returns what was done and what was refused."""
    from gonghui.members import services

    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    actor_name = actor.get_username() if actor_id else ""
    with connection.cursor() as cur:
        refused = _refusals(cur, union, today)
        bad = sorted({r.row for r in refused})
        for i in range(0, len(bad), 500):
            chunk = bad[i : i + 500]
            cur.execute(f"DELETE FROM {STAGE} WHERE row_no IN ({', '.join(['%s'] * len(chunk))})", chunk)

        # M7: a lapsed membership of someone on the roster is recorded as left first (rare: one by one).
        cur.execute(
            f"SELECT m.id FROM {STAGE} s JOIN members_person p ON p.id_hash = s.id_hash"
            " JOIN members_membership m ON m.person_id = p.id AND m.status = 'active'"
            " AND m.dues_paid_until IS NOT NULL AND m.dues_paid_until < %s",
            [ops.adapt_datefield_value(lapse_cutoff(today))],
        )
        from gonghui.members.models import Membership

        for (membership_id,) in cur.fetchall():
            services.lapse_if_due(Membership(pk=membership_id))

        person_columns = [
            c for c in STAGE_COLUMNS if c not in ("row_no", "employer_name", "number", "join_date", "status")
        ]
        cur.execute(
            f"INSERT INTO members_person ({', '.join(person_columns)}, created_at, updated_at)"
            f" SELECT {', '.join('s.' + c for c in person_columns)}, %s, %s FROM {STAGE} s"
            " WHERE NOT EXISTS (SELECT 1 FROM members_person p WHERE p.id_hash = s.id_hash)",
            [now, now],
        )
        new_people = cur.rowcount

        changed = 0
        sets = []
        for name, (columns, how) in UPDATABLE.items():
            if name not in mapped:
                continue
            for c in columns:
                if how == "text":
                    sets.append(f"{c} = CASE WHEN s.{columns[0]} <> '' THEN s.{c} ELSE p.{c} END")
                elif how == "date":
                    sets.append(
                        f"{c} = CASE WHEN s.doc_type <> 'ric' AND s.{c} IS NOT NULL THEN s.{c} ELSE p.{c} END"
                    )
                else:
                    sets.append(f"{c} = s.{c}")
        if sets:
            cur.execute(
                f"UPDATE members_person AS p SET {', '.join(sets)}, updated_at = %s FROM {STAGE} s"
                f" WHERE p.id_hash = s.id_hash AND p.created_at <> %s AND ({_differs(mapped)})"
                f" AND {_not_elsewhere(union, today)}",
                [now, now],
            )
            changed = cur.rowcount

        live_marks = ", ".join(["%s"] * len(LIVE_STATUSES))
        no_live = (
            "NOT EXISTS (SELECT 1 FROM members_membership x WHERE x.person_id = p.id"
            f" AND x.status IN ({live_marks}))"
        )
        if _pg():
            cur.execute(
                f"""
                INSERT INTO members_membership (id, org_id, org_path, person_id, employer_id, employer_name, number,
                  status, channel, applied_on, join_date, dues_paid_until, leave_reason, ended_on,
                  created_at, updated_at)
                SELECT n.id, %s, %s, n.person_id, NULL, n.employer_name,
                  COALESCE(n.number, %s || lpad(n.id::text, 10, '0')), n.status, 'roster', n.join_date,
                  n.join_date, NULL, '', NULL, %s, %s
                FROM (SELECT nextval(pg_get_serial_sequence('members_membership', 'id')) AS id, p.id AS person_id,
                        s.employer_name, s.number, s.status, s.join_date
                      FROM {STAGE} s JOIN members_person p ON p.id_hash = s.id_hash WHERE {no_live}) n
                """,
                [union.pk, union.path, number_prefix, now, now, *LIVE_STATUSES],
            )
            new_members = cur.rowcount
        else:
            cur.execute(
                f"""
                INSERT INTO members_membership (org_id, org_path, person_id, employer_id, employer_name, number,
                  status, channel, applied_on, join_date, dues_paid_until, leave_reason, ended_on,
                  created_at, updated_at)
                SELECT %s, %s, p.id, NULL, s.employer_name, COALESCE(s.number, '~' || s.id_hash), s.status,
                  'roster', s.join_date, s.join_date, NULL, '', NULL, %s, %s
                FROM {STAGE} s JOIN members_person p ON p.id_hash = s.id_hash WHERE {no_live}
                """,
                [union.pk, union.path, now, now, *LIVE_STATUSES],
            )
            new_members = cur.rowcount
            cur.execute(
                "UPDATE members_membership SET number = %s || substr('0000000000' || id, -10, 10)"
                " WHERE org_id = %s AND created_at = %s AND number LIKE '~%%'",
                [number_prefix, union.pk, now],
            )

        cur.execute(
            """
            INSERT INTO members_membershipevent (org_id, org_path, membership_id, kind, on_date, from_status,
              to_status, other_org_id, reason, actor_id, actor_username, created_at)
            SELECT m.org_id, m.org_path, m.id, 'enrolled', m.join_date, '', m.status, NULL, %s, %s, %s, %s
            FROM members_membership m WHERE m.org_id = %s AND m.created_at = %s AND m.channel = 'roster'
            """,
            [reason, actor_id, actor_name, now, union.pk, now],
        )

        cur.execute(
            f"""
            INSERT INTO members_transfer (membership_id, from_org_id, from_path, to_org_id, to_path,
              to_employer_id, status, reason, decision_reason, started_by_id, decided_by_id, created_at, decided_at)
            SELECT m.id, m.org_id, m.org_path, %s, %s, NULL, 'requested', %s, '', %s, NULL, %s, NULL
            FROM {STAGE} s JOIN members_person p ON p.id_hash = s.id_hash
            JOIN members_membership m ON m.person_id = p.id AND m.status IN ('active', 'retained')
            WHERE m.org_id <> %s AND NOT EXISTS (SELECT 1 FROM members_transfer t
              WHERE t.membership_id = m.id AND t.status IN ('requested', 'pending'))
            """,
            [union.pk, union.path, reason, actor_id, now, union.pk],
        )
        transfers = cur.rowcount
        cur.execute(
            """
            INSERT INTO members_membershipevent (org_id, org_path, membership_id, kind, on_date, from_status,
              to_status, other_org_id, reason, actor_id, actor_username, created_at)
            SELECT t.to_org_id, t.to_path, t.membership_id, 'transfer_requested', %s, m.status, m.status,
              t.from_org_id, %s, %s, %s, %s
            FROM members_transfer t JOIN members_membership m ON m.id = t.membership_id
            WHERE t.to_org_id = %s AND t.created_at = %s AND t.status = 'requested'
            """,
            [ops.adapt_datefield_value(today), reason, actor_id, actor_name, now, union.pk, now],
        )
        cur.execute(f"SELECT COUNT(*) FROM {STAGE}")
        (rows,) = cur.fetchone()
    counts = Counts(
        rows=rows,
        new_people=new_people,
        new_members=new_members,
        changed_people=changed,
        transfers=transfers,
        already_here=0,
        errors=len(bad),
    )
    return Plan(counts, refused)
