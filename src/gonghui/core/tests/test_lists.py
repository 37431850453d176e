"""The shared list (core/lists.py, issue 16 §1): keyset pages forward and back walk exactly the rows of the list's
order, with ties and empty values, on the database the suite runs on; sort links; the count; the export."""

import datetime as dt
import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from gonghui.core import lists
from gonghui.core.audit import Action
from gonghui.core.models import Job

pytestmark = pytest.mark.django_db
_tags = itertools.count()
MOMENT = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
ROW = st.tuples(
    st.sampled_from(["甲", "乙", "丙", "", "Ab"]),
    st.one_of(st.none(), st.integers(0, 3)),
    st.integers(0, 2),
)
ORDERS = [("title",), ("finished_at",), ("done", "title"), ("finished_at", "title"), ("-done", "finished_at")]


def _rows(user, spec_rows) -> QuerySet:
    tag = f"t{next(_tags)}"
    Job.objects.bulk_create(
        Job(
            kind=tag,
            title=title,
            actor=user,
            finished_at=None if day is None else MOMENT + dt.timedelta(days=day),
            done=done,
        )
        for title, day, done in spec_rows
    )
    return Job.objects.filter(kind=tag)


@pytest.fixture(autouse=True)
def _own_job_kinds(monkeypatch):
    """The lists declared here register job kinds with test actions: they leave with the test."""
    from gonghui.core import jobs

    monkeypatch.setattr(jobs, "_KINDS", dict(jobs._KINDS))
    monkeypatch.setattr(jobs, "_DOWNLOADS", dict(jobs._DOWNLOADS))


@pytest.fixture
def user():
    return get_user_model().objects.create_user("lister", password="x")


def _walk_forward(qs, fields, desc, size):
    seen, after = [], None
    for _ in range(100):
        rows, before_exists, more = lists.keyset(qs, fields, desc=desc, after=after, size=size)
        assert before_exists == (after is not None)
        seen += [r.pk for r in rows]
        if not more:
            return seen
        after = rows[-1].pk
    raise AssertionError("pages never ended")


def _walk_back(qs, fields, desc, size, last_pk):
    seen, before = [], last_pk
    for _ in range(100):
        rows, more_before, after_exists = lists.keyset(qs, fields, desc=desc, before=before, size=size)
        assert after_exists
        seen = [r.pk for r in rows] + seen
        if not more_before:
            return seen
        before = rows[0].pk
    raise AssertionError("pages never ended")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.lists(ROW, min_size=0, max_size=14),
    order=st.sampled_from(ORDERS),
    desc=st.booleans(),
    size=st.integers(1, 4),
)
def test_pages_forward_and_back_walk_the_whole_order_once(user, data, order, desc, size):
    qs = _rows(user, data)
    expected = [j.pk for j in lists.ordered(qs, order, desc=desc)]
    forward = _walk_forward(qs, order, desc, size)
    assert forward == expected
    if len(expected) > 1:
        # back from the last row: every row before it, in the same order
        assert _walk_back(qs, order, desc, size, expected[-1]) == expected[:-1]


def test_empty_values_are_the_smallest_on_every_database(user):
    qs = _rows(user, [("甲", 1, 0), ("乙", None, 0), ("丙", 0, 0)])
    titles = [j.title for j in lists.ordered(qs, ("finished_at",), desc=False)]
    assert titles == ["乙", "丙", "甲"]
    assert [j.title for j in lists.ordered(qs, ("finished_at",), desc=True)] == ["甲", "丙", "乙"]


def test_a_boundary_that_left_the_list_gives_the_first_page(user):
    qs = _rows(user, [("甲", 1, 0), ("乙", 2, 0)])
    rows, before, more = lists.keyset(qs, ("title",), desc=False, after=10**9, size=5)
    assert len(rows) == 2 and not before and not more


EXPORTED = Action("list.test_export", "导出测试列表")
DOWNLOADED = Action("list.test_download", "下载测试列表")


def _spec(**extra) -> lists.ListSpec:
    return lists.ListSpec(
        name=f"test.jobs.{next(_tags)}",
        title="任务列表",
        rows=lambda actor, params: Job.objects.filter(actor=actor, kind=params.get("kind", "")),
        sorts=(lists.Sort("title", "标题", ("title",)), lists.Sort("done", "完成数", ("done",))),
        default_sort="-done",
        size=2,
        **extra,
    )


def test_a_listing_counts_pages_and_sorts_from_the_query(user):
    _rows(user, [("甲", 1, 5), ("乙", 2, 4), ("丙", 3, 3)])
    kind = Job.objects.filter(actor=user).first().kind
    request = RequestFactory().get("/", {"kind": kind, "page": "7"})
    request.user = user
    listing = lists.Listing(request, _spec())
    assert listing.count == 3
    assert [j.title for j in listing] == ["甲", "乙"]
    assert listing.prev_url == "" and listing.first_url == ""
    assert "after=" in listing.next_url and f"kind={kind}" in listing.next_url
    assert listing.sorted_by("done") == "descending"
    assert "sort=done" in listing.sort_url("done")  # reversing the current order
    assert "sort=title" in listing.sort_url("title")

    request = RequestFactory().get("/" + listing.next_url)
    request.user = user
    second = lists.Listing(request, _spec())
    assert [j.title for j in second] == ["丙"]
    assert second.next_url == "" and "before=" in second.prev_url and second.first_url


def test_a_long_list_says_more_than_the_cap_instead_of_counting_every_row(user, monkeypatch):
    """A city's register holds millions of members: the head line counts up to the cap, then says "more than"."""
    monkeypatch.setattr(lists, "COUNT_CAP", 2)
    _rows(user, [("甲", 1, 5), ("乙", 2, 4), ("丙", 3, 3)])
    kind = Job.objects.filter(actor=user).first().kind
    request = RequestFactory().get("/", {"kind": kind})
    request.user = user
    listing = lists.Listing(request, _spec())
    assert listing.count_capped and listing.count_cap == 2
    html = render_to_string("includes/list_count.html", {"listing": listing})
    assert "超过 <strong>2</strong> 条符合条件的记录" in html
    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    listing = lists.Listing(request, _spec())
    assert not listing.count_capped and listing.count == 3
    assert "共 <strong>3</strong> 条" in render_to_string("includes/list_count.html", {"listing": listing})


def test_an_unknown_sort_falls_back_to_the_default(user):
    spec = _spec()
    assert spec.sort_of("password") == (spec.sorts[1], True)
    assert spec.sort_of("title") == (spec.sorts[0], False)


def test_a_spec_must_name_its_default_sort():
    with pytest.raises(ValueError):
        lists.ListSpec(name="x", title="x", rows=lambda a, p: None, sorts=(), default_sort="id")


def test_the_export_is_what_is_filtered_in_the_lists_order(user, monkeypatch):
    recorded = []
    from gonghui.core import exports

    def audited(**kwargs):
        recorded.append(kwargs)

    monkeypatch.setattr(exports, "audit_record", audited)
    _rows(user, [("甲", 1, 5), ("乙", 2, 4)])
    _rows(user, [("不在筛选内", 1, 9)])
    kind = Job.objects.filter(actor=user, title="甲").first().kind
    spec = _spec(
        columns=(lists.Column("标题", lambda j: j.title), lists.Column("完成时间", lambda j: j.finished_at)),
        export_action=EXPORTED,
        download_action=DOWNLOADED,
    )
    request = RequestFactory().get("/", {"kind": kind, "sort": "title", "export": "xlsx"})
    request.user = user
    listing = lists.Listing(request, spec)
    assert listing.exporting
    response = listing.export()
    values = (
        CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()[1:]
    )
    assert values[0] == ["标题", "完成时间"]
    assert [v[0] for v in values[1:]] == ["乙", "甲"]  # sorted by title ascending: 乙 < 甲 by code point
    assert values[1][1] == timezone.localtime(MOMENT + dt.timedelta(days=2)).replace(tzinfo=None)
    assert recorded[0]["action"] == EXPORTED and recorded[0]["after"] == {
        "filters": {"kind": kind, "sort": "title"}
    }


def test_a_field_written_with_a_minus_runs_against_the_lists_direction(user):
    qs = _rows(user, [("甲", 1, 0), ("乙", 2, 2), ("丙", 3, 1)])
    assert [j.done for j in lists.ordered(qs, ("-done", "finished_at"), desc=False)] == [2, 1, 0]
    assert [j.done for j in lists.ordered(qs, ("-done", "finished_at"), desc=True)] == [0, 1, 2]
