"""The register's search is answered from indexes at any size (issue 22): on PostgreSQL, the plan of a search by
ID number, mobile or member number probes the hash and number indexes, and a name search reads index ranges;
nothing scans the people or the memberships.

The test database is tiny, so the planner would scan it whatever the query; sequential scans are switched off
while the plans are taken, which leaves the question this test asks: *can* an index answer the query? A search
written as `person.id_hash = … OR membership.number = …` across the join cannot, and its plan still scans."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.testing.concurrency import postgresql_only
from gonghui.members import selectors
from gonghui.members.models import Membership, MembershipStatus, Person
from gonghui.members.selectors import MemberFilters
from gonghui.members.tests.factories import enrol, mobile, person_data

TODAY = dt.date(2026, 6, 18)


@pytest.fixture(autouse=True)
def _pinned_day():
    """Members enrol and are searched on a fixed day, whatever day the suite runs."""
    with time_machine.travel(dt.datetime(2026, 6, 18, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _plan(qs) -> list[dict]:
    """The plan nodes of the list's first page, as the member list and the API fetch it."""
    with connection.cursor() as cur:
        cur.execute("SET enable_seqscan = off")
        try:
            sql, params = qs.all()[:51].query.sql_with_params()
            cur.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            (doc,) = cur.fetchone()
        finally:
            cur.execute("RESET enable_seqscan")
    return list(_nodes(doc[0]["Plan"]))


def _scans(nodes: list[dict], table: str) -> list[dict]:
    return [n for n in nodes if n.get("Relation Name") == table]


def _probes(nodes: list[dict], table: str) -> str:
    """The index conditions by which `table` is read: an index scan's own, or those of a bitmap scan's index
    nodes (under a BitmapOr when two indexes are combined)."""
    conds = []
    for n in nodes:
        if n.get("Relation Name") != table:
            continue
        if n["Node Type"] == "Bitmap Heap Scan":
            conds += [c.get("Index Cond", "") for c in list(_nodes(n))[1:]]
        else:
            conds.append(n.get("Index Cond", ""))
    return " ".join(conds)


CROWD = 5_000


@pytest.fixture
def register(world):
    """A few members in two streets, with known numbers and mobiles, among a crowd of 5,000 others in the same
    union, and the tables analysed: enough rows for the planner to weigh an index probe against reading the
    union's whole range of the scope index, as it does on a real register."""
    union = world.base_donghu
    people = Person.objects.bulk_create(
        Person(
            full_name=f"张{i}",
            id_cipher="-",
            id_hash=f"crowd-id-{i:08d}",
            id_masked="-",
            mobile_hash=f"crowd-mobile-{i:08d}",
            gender="f",
        )
        for i in range(CROWD)
    )
    Membership.objects.bulk_create(
        Membership(
            person=p,
            org=union,
            org_path=union.path,
            employer_name=f"东湖物流{i % 50}公司",
            number=f"9{i:015d}",
            status=MembershipStatus.ACTIVE,
            applied_on=TODAY,
            join_date=TODAY,
        )
        for i, p in enumerate(people)
    )
    members = [enrol(union, f"王秀{i}") for i in range(3)] + [enrol(world.base_xicheng, "李娜")]
    with connection.cursor() as cur:
        for table in ("members_person", "members_membership", "orgs_employer"):
            cur.execute(f"ANALYZE {table}")
    return members


@pytest.mark.parametrize("actor", ["city_admin", "donghu"])
def test_a_search_by_id_number_is_two_index_probes(world, register, actor):
    number = person_data().id_number
    m = enrol(world.base_donghu, "赵敏", id_number=number)
    qs = selectors.members_for(actor=world.user(actor), filters=MemberFilters(search=number), today=TODAY)
    assert [x.pk for x in qs] == [m.pk]
    postgresql_only()  # the rows above are checked on every database; plans only on PostgreSQL
    nodes = _plan(qs)
    assert not _table_scans(nodes), nodes
    probes = _probes(nodes, "members_membership")
    assert "person_id" in probes and "number" in probes, nodes  # BitmapOr of the two indexes


def test_a_search_by_member_number_is_one_index_probe(world, register):
    m = register[1]
    qs = selectors.members_for(
        actor=world.user("city_admin"), filters=MemberFilters(search=m.number), today=TODAY
    )
    assert [x.pk for x in qs] == [m.pk]
    postgresql_only()  # the rows above are checked on every database; plans only on PostgreSQL
    nodes = _plan(qs)
    assert not _table_scans(nodes), nodes
    assert "number" in _probes(nodes, "members_membership"), nodes


def test_a_search_by_mobile_probes_the_mobile_hash(world, register):
    phone = mobile()
    m = enrol(world.base_donghu, "钱进", mobile=phone)
    qs = selectors.members_for(
        actor=world.user("city_admin"), filters=MemberFilters(search=phone), today=TODAY
    )
    assert [x.pk for x in qs] == [m.pk]
    postgresql_only()  # the rows above are checked on every database; plans only on PostgreSQL
    nodes = _plan(qs)
    assert not _table_scans(nodes), nodes
    assert "person_id" in _probes(nodes, "members_membership"), nodes


def _explain(sql: str, params=None) -> list[dict]:
    with connection.cursor() as cur:
        cur.execute("SET enable_seqscan = off")
        try:
            cur.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            (doc,) = cur.fetchone()
        finally:
            cur.execute("RESET enable_seqscan")
    return list(_nodes(doc[0]["Plan"]))


def _table_scans(nodes: list[dict]) -> list[dict]:
    """Sequential scans of the register's tables (the few organisations may be read whole)."""
    return [n for n in nodes if n["Node Type"] == "Seq Scan" and n["Relation Name"].startswith("members_")]


def test_a_search_by_name_or_employer_reads_index_ranges(world, register):
    with CaptureQueriesContext(connection) as q:
        qs = selectors.members_for(
            actor=world.user("city_admin"), filters=MemberFilters(search="王秀"), today=TODAY
        )
    assert sorted(x.pk for x in qs) == sorted(m.pk for m in register[:3])
    postgresql_only()  # the rows above are checked on every database; plans only on PostgreSQL
    (lookup,) = [x["sql"] for x in q.captured_queries if "UNION" in x["sql"]]
    nodes = _explain(lookup)
    assert not _table_scans(nodes), nodes
    assert "full_name" in _probes(nodes, "members_person"), nodes
    assert "employer_name" in _probes(nodes, "members_membership"), nodes
    nodes = _plan(qs)  # then the page: its memberships by primary key
    assert not _table_scans(nodes), nodes
    assert "id = ANY" in _probes(nodes, "members_membership"), nodes


def test_a_prefix_matching_many_is_still_searched_in_full(world, register, monkeypatch):
    """Past NAME_MATCHES_LISTED matches the search is a plain condition: the same rows."""
    monkeypatch.setattr(selectors, "NAME_MATCHES_LISTED", 2)
    qs = selectors.members_for(
        actor=world.user("city_admin"), filters=MemberFilters(search="王秀"), today=TODAY
    )
    assert sorted(x.pk for x in qs) == sorted(m.pk for m in register[:3])
    donghu = selectors.members_for(
        actor=world.user("donghu"), filters=MemberFilters(search="东湖物流1"), today=TODAY
    )
    assert donghu.count() == 11 * (CROWD // 50)  # 东湖物流1公司 and 10…19
