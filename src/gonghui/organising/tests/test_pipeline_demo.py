"""The pipeline part's demo (issue 21 §5): 大栅栏's stall of 000-4 with the shops contacted (registered there without a
union, from the stall's day), their next steps and the opinions collected, most answered; two years of visits in
东湖 and 常营 that move month by month; a second run creates nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from gonghui.demo.loader import demo_org, ensure_demo_staff, load_world
from gonghui.organising import pipeline_selectors as selectors
from gonghui.organising.demo_pipeline import SHOPS, STALL_OPINIONS, STALL_TITLE, load
from gonghui.organising.models import EventContact, Opinion, OutreachEvent, Stage, Target, Visit
from gonghui.orgs.models import Coverage, Employer, FormedChannel

PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = PINNED.date()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(PINNED, tick=False), django_db_blocker.unblock(), transaction.atomic():
        load_world()
        ensure_demo_staff()
        made = load()
        counts = (
            Target.objects.count(),
            Visit.objects.count(),
            EventContact.objects.count(),
            Opinion.objects.count(),
        )
        employers = Employer.objects.count()
        again = load()
        yield made, again, counts, employers
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_second_run_creates_nothing(demo):
    made, again, counts, employers = demo
    assert "大栅栏西街摆摊联系门店6家" in made
    assert again == "建会走访和摆摊设点：已有 present"
    now = (
        Target.objects.count(),
        Visit.objects.count(),
        EventContact.objects.count(),
        Opinion.objects.count(),
    )
    assert now == counts and Employer.objects.count() == employers


@pytest.mark.django_db
def test_the_stall_contacted_the_shops_of_dashilan_with_their_next_steps(demo):  # 000-4
    street = demo_org("大栅栏街道总工会")
    stall = OutreachEvent.objects.get(title=STALL_TITLE)
    assert stall.org == street and stall.on == TODAY - dt.timedelta(days=9)
    contacts = list(EventContact.objects.filter(event=stall).select_related("target__employer"))
    assert [c.target.employer.name for c in contacts] == [s[0] for s in SHOPS]
    for c in contacts:
        t, e = c.target, c.target.employer
        assert e.org == street and e.coverage == Coverage.NONE
        assert e.periods.order_by("started_on").first().started_on == stall.on
        assert t.stage == Stage.VISITED and t.channel == FormedChannel.STALL and t.next_step
        assert t.owner is not None and t.owner.username == "xicheng"
    opinions = Opinion.objects.filter(event=stall)
    assert opinions.count() == len(STALL_OPINIONS)
    assert opinions.filter(answered_on__isnull=False).count() == sum(1 for o in STALL_OPINIONS if o[2])
    revisited = contacts[0].target
    assert revisited.visits.count() == 1 and revisited.next_step == "协助起草建会申请，报街道总工会"


@pytest.mark.django_db
def test_visits_in_donghu_and_changying_move_month_by_month(demo):
    chaoyang = demo_org("朝阳区总工会")
    visits = Visit.objects.in_subtree(chaoyang)
    first, last = TODAY - dt.timedelta(days=730), TODAY
    assert all(first <= v.on <= last for v in visits)
    months = {(v.on.year, v.on.month) for v in visits}
    assert len(months) >= 15  # of the 24 months before the pinned day
    for street in ("东湖街道总工会", "常营地区总工会"):
        assert Visit.objects.in_subtree(demo_org(street)).exists(), street
    fig_last = selectors.figures(chaoyang, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    fig_this = selectors.figures(chaoyang, dt.date(2026, 1, 1), TODAY)
    assert fig_last["visits"] > 0 and fig_this["visits"] > 0 and fig_this["employers_visited"] > 0
    from gonghui.accounts.models import User

    donghu = User.objects.get(username="donghu")
    mine, own = selectors.worklist_for(actor=donghu, today=TODAY)
    assert own and mine.count() > 0
    with time_machine.travel(PINNED, tick=False):
        rows = selectors.todo(User.objects.get(username="xicheng"), demo_org("西城区总工会"))
    assert ("职工意见建议待答复", 2) in [(label, n) for label, n, _ in rows]
