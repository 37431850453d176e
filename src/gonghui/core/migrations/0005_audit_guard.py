"""The database refuses edits and deletions of audit records (decision 0006).

PostgreSQL: a row trigger lets an UPDATE through only when it rewrites `org_path` (a subtree move) or seals an
unsealed record, and a DELETE only of a sealed, archived record older than 180 days (the 等保 minimum; the prune
command enforces the configured, possibly longer, retention). Archive rows cannot change at all.
SQLite (the embedded demo): the same UPDATE rule; deletions stay possible (the test runner empties tables with
DELETE), and a migration that rebuilds the table drops the trigger, so such a migration must re-create it.
"""

from django.db import migrations

CONTENT = (
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
SEAL = ("seq", "prev_hash", "hash", "key_id")


def _row(prefix, cols):
    return "(" + ", ".join(f"{prefix}.{c}" for c in cols) + ")"


PG_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION core_auditevent_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.seq IS NOT NULL
           AND OLD.created_at < now() - interval '180 days'
           AND EXISTS (SELECT 1 FROM core_auditarchive a WHERE a.first_seq <= OLD.seq AND OLD.seq <= a.last_seq)
        THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = '审计记录不可删除 (id=' || OLD.id || ')：只能清理已归档且超过保留期的记录';
    END IF;
    IF {_row("NEW", CONTENT)} IS DISTINCT FROM {_row("OLD", CONTENT)}
       OR (OLD.seq IS NOT NULL AND {_row("NEW", SEAL)} IS DISTINCT FROM {_row("OLD", SEAL)})
    THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = '审计记录不可修改 (id=' || OLD.id || ')';
    END IF;
    RETURN NEW;
END
$$""",  # noqa: S608 - only the column-name constants above are interpolated
    """CREATE TRIGGER core_auditevent_guard BEFORE UPDATE OR DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_guard()""",
    """CREATE OR REPLACE FUNCTION core_auditarchive_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = '审计归档记录不可修改或删除';
END
$$""",
    """CREATE TRIGGER core_auditarchive_guard BEFORE UPDATE OR DELETE ON core_auditarchive
    FOR EACH ROW EXECUTE FUNCTION core_auditarchive_guard()""",
]
PG_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditevent_guard ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_auditevent_guard()",
    "DROP TRIGGER IF EXISTS core_auditarchive_guard ON core_auditarchive",
    "DROP FUNCTION IF EXISTS core_auditarchive_guard()",
]

_same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in CONTENT)
_sealed_same = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in SEAL)
SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS core_auditevent_guard BEFORE UPDATE ON core_auditevent
    WHEN NOT ({_same} AND (OLD.seq IS NULL OR ({_sealed_same})))
    BEGIN SELECT RAISE(ABORT, '审计记录不可修改'); END""",
    """CREATE TRIGGER IF NOT EXISTS core_auditarchive_guard BEFORE UPDATE ON core_auditarchive
    BEGIN SELECT RAISE(ABORT, '审计归档记录不可修改'); END""",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS core_auditevent_guard",
    "DROP TRIGGER IF EXISTS core_auditarchive_guard",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(sql, params=None)

    return run


install = _run({"postgresql": PG_INSTALL, "sqlite": SQLITE_INSTALL})
remove = _run({"postgresql": PG_REMOVE, "sqlite": SQLITE_REMOVE})


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_chain")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
