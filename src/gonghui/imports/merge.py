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
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from gonghui.core.audit import acting_user
from gonghui.members import services
from gonghui.members.models import LIVE_STATUSES, Membership, lapse_cutoff
from gonghui.orgs.models import Org
from gonghui.stats.services import memberships_added, people_changing

from .roster import STAGE_COLUMNS, Chunk, RowError

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
BYTEWISE = ("id_hash", "mobile_hash", "number")

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


# Filled in the transaction by `resolve`: what the register already holds for each staged row, looked up once,
# so every later statement reads the stage alone (or the person by primary key) instead of joining the register
# by hash again.
RESOLVED_COLUMNS = {
    "person_id": "bigint",  # the registered person with this document, if any
    "is_new": "boolean",  # the person was registered by this import
    "name_differs": "boolean",  # the registered person has another name
    "live_id": "bigint",  # the person's live membership (M4: at most one), if any
    "live_org": "bigint",
    "live_status": "text",
    "lapsed": "boolean",  # that membership is active but its dues lapsed (M7)
    "open_transfer": "boolean",  # that membership has a transfer under way
    "membership_id": "bigint",  # the membership this import gives the person, if it gives one
}


def create_stage() -> None:
    """A temporary table of this connection: it vanishes with the connection, so a killed run leaves nothing."""
    bytewise = ' COLLATE "C"' if _pg() else ""  # as the register's columns they are compared with
    columns = [f"{c} {COLUMN_TYPES.get(c, 'text')}{bytewise if c in BYTEWISE else ''}" for c in STAGE_COLUMNS]
    columns += [f"{c} {kind}" for c, kind in RESOLVED_COLUMNS.items()]
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {STAGE}")
        cur.execute(f"CREATE TEMPORARY TABLE {STAGE} ({', '.join(columns)})")


def drop_stage() -> None:
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {STAGE}")


def takes_copy_text() -> bool:
    """Whether checked rows should arrive as COPY text (PostgreSQL) rather than tuples (SQLite)."""
    return _pg()


def load_stage(chunk: Chunk) -> None:
    """Append a checked chunk's rows: COPY on PostgreSQL (the chunk's COPY text, or its tuples), executemany on
    SQLite."""
    if not chunk.copy and not chunk.staged:
        return
    with connection.cursor() as cur:
        if _pg():
            with cur.cursor.copy(f"COPY {STAGE} ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
                if chunk.copy:
                    copy.write(chunk.copy)
                else:
                    for row in chunk.staged:
                        copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
            cur.executemany(
                f"INSERT INTO {STAGE} ({', '.join(STAGE_COLUMNS)}) VALUES ({marks})", chunk.staged
            )


def unstage(rows: list[int]) -> None:
    """Take rows out of the stage again (a later row repeating an earlier row's number)."""
    with connection.cursor() as cur:
        for i in range(0, len(rows), 500):
            part = rows[i : i + 500]
            cur.execute(f"DELETE FROM {STAGE} WHERE row_no IN ({', '.join(['%s'] * len(part))})", part)


def index_stage() -> None:
    """Statistics for the planner (PostgreSQL): the stage is joined by document hash."""
    if _pg():
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {STAGE} (id_hash)")


def _tune(cur) -> None:
    """Settings for this transaction only (PostgreSQL). The merge's statements touch a few rows of very large
    tables through their indexes: the planner is told that such reads are cheap (the indexes of an active
    register are cached, and servers use SSDs), and JIT compilation, which costs more than these statements
    save from it, is off."""
    if _pg():
        cur.execute("SET LOCAL random_page_cost = 1.1")
        cur.execute("SET LOCAL jit = off")


def resolve(cur, today: dt.date) -> None:
    """Look up, once, what the register holds for every staged row (RESOLVED_COLUMNS)."""
    _tune(cur)
    cur.execute(
        f"UPDATE {STAGE} AS s SET person_id = p.id, name_differs = (p.full_name <> s.full_name)"
        " FROM members_person p WHERE p.id_hash = s.id_hash"
    )
    if _pg():
        cur.execute(f"ANALYZE {STAGE} (person_id)")  # the planner now knows how few rows have a person
    live = ", ".join(["%s"] * len(LIVE_STATUSES))
    cur.execute(
        f"UPDATE {STAGE} AS s SET live_id = m.id, live_org = m.org_id, live_status = m.status,"
        " lapsed = (m.status = 'active' AND m.dues_paid_until IS NOT NULL AND m.dues_paid_until < %s)"
        f" FROM members_membership m WHERE m.person_id = s.person_id AND m.status IN ({live})",
        [connection.ops.adapt_datefield_value(lapse_cutoff(today)), *LIVE_STATUSES],
    )
    cur.execute(
        f"UPDATE {STAGE} SET open_transfer = TRUE WHERE live_id IN (SELECT t.membership_id FROM members_transfer t"
        " WHERE t.status IN ('requested', 'pending'))"
    )


def _live_here(union: Org) -> str:
    """SQL on stage row s: the person is, after lapses, live in no union or in this one. A roster updates only
    the people who are, or become, this union's members; someone else's member is that union's to update
    (until the transfer)."""
    return f"(s.live_id IS NULL OR s.lapsed OR s.live_org = {int(union.pk)})"


def _transfer_due(union: Org) -> str:
    """SQL on stage row s: the person is active (or retained) in another union and no transfer is under way:
    a transfer request is recorded (M5), never a silent move."""
    return (
        f"(s.live_status IN ('active', 'retained') AND NOT COALESCE(s.lapsed, FALSE)"
        f" AND s.live_org <> {int(union.pk)} AND NOT COALESCE(s.open_transfer, FALSE))"
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


def _refusals(cur, union: Org) -> list[RowError]:
    """Rows the register refuses: a known document under another name, a member number someone else holds,
    a person whose application is pending in another union."""
    cur.execute(f"SELECT s.row_no, s.id_masked FROM {STAGE} s WHERE s.name_differs")
    errors = [
        RowError(row, "姓名", "", f"证件号码 {masked} 已登记，但姓名与登记信息不一致，请核对")
        for row, masked in cur.fetchall()
    ]
    cur.execute(
        f"SELECT s.row_no, s.number FROM {STAGE} s WHERE s.number IS NOT NULL AND EXISTS ("
        " SELECT 1 FROM members_membership x WHERE x.number = s.number"
        " AND (s.person_id IS NULL OR x.person_id <> s.person_id))"
    )
    errors += [
        RowError(row, "会员证号", number, "该会员证号已被其他会员使用") for row, number in cur.fetchall()
    ]
    cur.execute(
        f"SELECT s.row_no, s.id_masked, o.name FROM {STAGE} s JOIN orgs_org o ON o.id = s.live_org"
        " WHERE s.live_status = 'pending' AND s.live_org <> %s",
        [union.pk],
    )
    errors += [
        RowError(row, "证件号码", masked, f"已向“{name}”提交入会申请，待其审批后再办理转会")
        for row, masked, name in cur.fetchall()
    ]
    return sorted(errors, key=lambda e: e.row)


def _refuse(cur, union: Org) -> tuple[list[RowError], list[int]]:
    """The refused rows, taken out of the stage."""
    refused = _refusals(cur, union)
    bad = sorted({r.row for r in refused})
    unstage(bad)
    return refused, bad


def plan(*, union: Org, mapped: set[str], today: dt.date) -> Plan:
    """Classify the staged rows against the register, without changing the register (in the caller's
    transaction, which a preview rolls back)."""
    with connection.cursor() as cur:
        resolve(cur, today)
        refused, bad = _refuse(cur, union)
        cur.execute(
            f"""
            SELECT
              COUNT(*),
              COALESCE(SUM(CASE WHEN s.person_id IS NULL THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN s.live_id IS NULL OR s.lapsed THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN p.id IS NOT NULL AND ({_differs(mapped)}) AND {_live_here(union)}
                  THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN {_transfer_due(union)} THEN 1 ELSE 0 END), 0),
              COALESCE(SUM(CASE WHEN s.live_org = %s AND NOT s.lapsed THEN 1 ELSE 0 END), 0)
            FROM {STAGE} s
            LEFT JOIN members_person p ON p.id = s.person_id
            """,
            [union.pk],
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
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    user = acting_user(actor)
    actor_id = user.pk if user else None
    actor_name = user.get_username() if user else ""
    with connection.cursor() as cur:
        resolve(cur, today)
        refused, bad = _refuse(cur, union)

        # M7: a lapsed membership of someone on the roster is recorded as left first (rare: one by one).
        cur.execute(f"SELECT s.live_id FROM {STAGE} s WHERE s.lapsed")
        for (membership_id,) in cur.fetchall():
            services.lapse_if_due(Membership(pk=membership_id))
        cur.execute(
            f"UPDATE {STAGE} SET live_id = NULL, live_org = NULL, live_status = NULL, lapsed = FALSE,"
            " open_transfer = FALSE WHERE lapsed"
        )

        person_columns = [
            c for c in STAGE_COLUMNS if c not in ("row_no", "employer_name", "number", "join_date", "status")
        ]
        insert_people = (
            "INSERT INTO members_person ({id}{columns}, created_at, updated_at)"
            " SELECT {sid}{values}, %s, %s FROM {stage} s WHERE {where}"
        ).format(
            columns=", ".join(person_columns),
            values=", ".join("s." + c for c in person_columns),
            stage=STAGE,
            id="id, " if _pg() else "",
            sid="s.person_id, " if _pg() else "",
            where="s.is_new" if _pg() else "s.person_id IS NULL",
        )
        if _pg():
            # Ids are drawn in the stage first, the people's and those of the memberships they will hold (every
            # new person becomes a member), so the people are written as they are, nothing returned or joined
            # back, and the rows that follow (memberships, their events, spans and journal) come from the stage.
            # The sequences are looked up once: pg_get_serial_sequence() per row would read the catalogue for each.
            cur.execute(
                "SELECT pg_get_serial_sequence('members_person', 'id')::regclass::oid,"
                " pg_get_serial_sequence('members_membership', 'id')::regclass::oid"
            )
            person_seq, membership_seq = cur.fetchone()
            next_membership = f"nextval({int(membership_seq)}::regclass)"
            cur.execute(
                f"UPDATE {STAGE} SET person_id = nextval({int(person_seq)}::regclass), is_new = TRUE,"
                f" membership_id = {next_membership} WHERE person_id IS NULL"
            )
            cur.execute(insert_people, [now, now])
            new_people = cur.rowcount
            cur.execute(
                f"UPDATE {STAGE} SET membership_id = {next_membership}"
                " WHERE live_id IS NULL AND membership_id IS NULL"
            )
        else:
            cur.execute(insert_people, [now, now])
            new_people = cur.rowcount
            cur.execute(
                f"UPDATE {STAGE} AS s SET person_id = p.id, is_new = TRUE FROM members_person p"
                " WHERE s.person_id IS NULL AND p.id_hash = s.id_hash"
            )

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
            changing = (
                f"FROM {STAGE} s JOIN members_person p ON p.id = s.person_id"
                f" WHERE s.is_new IS NULL AND ({_differs(mapped)}) AND {_live_here(union)}"
            )
            with people_changing(f"SELECT s.person_id AS person_id {changing}", []):
                cur.execute(
                    f"UPDATE members_person AS p SET {', '.join(sets)}, updated_at = %s FROM {STAGE} s"
                    f" WHERE p.id = s.person_id AND s.is_new IS NULL AND ({_differs(mapped)})"
                    f" AND {_live_here(union)}",
                    [now],
                )
                changed = cur.rowcount

        if _pg():
            # What the planner needs for the statements below: how many rows give a membership and have a new
            # person (the people already registered are then read by primary key, never by a scan).
            cur.execute(f"ANALYZE {STAGE} (is_new, live_id)")
            cur.execute(
                f"""
                INSERT INTO members_membership (id, org_id, org_path, person_id, employer_id, employer_name, number,
                  status, channel, applied_on, join_date, dues_paid_until, leave_reason, ended_on,
                  created_at, updated_at)
                SELECT s.membership_id, %s, %s, s.person_id, NULL, s.employer_name,
                  COALESCE(s.number, %s || lpad(s.membership_id::text, 10, '0')), s.status, 'roster', s.join_date,
                  s.join_date, NULL, '', NULL, %s, %s
                FROM {STAGE} s WHERE s.live_id IS NULL
                """,
                [union.pk, union.path, number_prefix, now, now],
            )
            new_members = cur.rowcount
        else:
            cur.execute(
                f"""
                INSERT INTO members_membership (org_id, org_path, person_id, employer_id, employer_name, number,
                  status, channel, applied_on, join_date, dues_paid_until, leave_reason, ended_on,
                  created_at, updated_at)
                SELECT %s, %s, s.person_id, NULL, s.employer_name, COALESCE(s.number, '~' || s.id_hash), s.status,
                  'roster', s.join_date, s.join_date, NULL, '', NULL, %s, %s
                FROM {STAGE} s WHERE s.live_id IS NULL
                """,
                [union.pk, union.path, now, now],
            )
            new_members = cur.rowcount
            cur.execute(
                "UPDATE members_membership SET number = %s || substr('0000000000' || id, -10, 10)"
                " WHERE org_id = %s AND created_at = %s AND number LIKE '~%%'",
                [number_prefix, union.pk, now],
            )
            cur.execute(
                f"UPDATE {STAGE} AS s SET membership_id = m.id FROM members_membership m"
                " WHERE s.live_id IS NULL AND m.person_id = s.person_id AND m.org_id = %s AND m.created_at = %s"
                " AND m.channel = 'roster'",
                [union.pk, now],
            )

        cur.execute(
            f"""
            INSERT INTO members_membershipevent (org_id, org_path, membership_id, kind, on_date, from_status,
              to_status, other_org_id, reason, actor_id, actor_username, created_at)
            SELECT %s, %s, s.membership_id, 'enrolled', s.join_date, '', s.status, NULL, %s, %s, %s, %s
            FROM {STAGE} s WHERE s.live_id IS NULL
            """,
            [union.pk, union.path, reason, actor_id, actor_name, now],
        )
        # Spans and journal straight from the stage: the new people's attributes are the staged ones; a person
        # already registered (without a live membership) is read by primary key, as the update above left them.
        new_spans = (
            "SELECT s.membership_id, s.person_id, {org} AS org_id, {path} AS org_path, s.join_date, s.status,"
            " 'roster' AS channel, {who}.gender, {who}.is_migrant, {who}.is_new_form, {who}.priority_group,"
            " {who}.skill_level, {who}.birth_date"
        )
        org, path = int(union.pk), "CAST(%s AS varchar(255))"
        memberships_added(
            new_spans.format(org=org, path=path, who="s")
            + f" FROM {STAGE} s WHERE s.live_id IS NULL AND s.is_new"
            + " UNION ALL "
            + new_spans.format(org=org, path=path, who="p")
            + f" FROM {STAGE} s JOIN members_person p ON p.id = s.person_id"
            " WHERE s.live_id IS NULL AND s.is_new IS NULL",
            [union.path, union.path],
        )

        cur.execute(
            f"""
            INSERT INTO members_transfer (membership_id, from_org_id, from_path, to_org_id, to_path,
              to_employer_id, status, reason, decision_reason, started_by_id, decided_by_id, created_at, decided_at)
            SELECT m.id, m.org_id, m.org_path, %s, %s, NULL, 'requested', %s, '', %s, NULL, %s, NULL
            FROM {STAGE} s JOIN members_membership m ON m.id = s.live_id
            WHERE {_transfer_due(union)}
            """,
            [union.pk, union.path, reason, actor_id, now],
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
