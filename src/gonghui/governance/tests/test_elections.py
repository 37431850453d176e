"""An election from registration to the approval above (rule G2, R21, O6): the 差额 margin, the quorum, the paper
tally ballot by ballot and in totals, the signature, the report, the approval installing the committee once, the
pages, the API, the figures and the sentence."""

import datetime as dt

import pytest
import time_machine

from gonghui.core.errors import Conflict, DomainError
from gonghui.core.scope import SYSTEM
from gonghui.governance import elections_selectors, selectors
from gonghui.governance import elections_services as services
from gonghui.governance.models import (
    Committee,
    CommitteeRole,
    Election,
    ElectionBody,
    ElectionStatus,
    TallyMode,
)
from gonghui.orgs.models import Org

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)
DAY = dt.date(2026, 6, 10)
NINE = ["黄敏", "李明 主席", "张伟", "王芳", "欧阳娜", "丁一", "马力", "刘强", "诸葛亮"]


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def create(org, candidates=NINE, seats=7, mode=TallyMode.BALLOTS, actor=SYSTEM, **extra):
    people = [(line.split()[0], CommitteeRole.CHAIR if line.endswith("主席") else "") for line in candidates]
    data = services.ElectionData(
        org=org,
        title="第三次会员代表大会选举工会委员会",
        body=extra.pop("body", ElectionBody.COMMITTEE),
        held_on=DAY,
        seats=seats,
        candidates=people,
        mode=mode,
        entitled=45,
        **extra,
    )
    return services.election_create(actor=actor, data=data)


def voted(org, **kw):
    e = create(org, **kw)
    services.election_open(actor=SYSTEM, election=e)
    services.election_attendance(actor=SYSTEM, election=e, entitled=45, present=31, issued=31, returned=31)
    return Election.objects.get(pk=e.pk)


def ids(e, names):
    return [e.candidates.get(name=n).pk for n in names]


def paper_tally(e):
    """30 good ballots and one marking 8 names for 7 seats."""
    good = ["丁一", "马力", "王芳", "刘强", "张伟", "李明", "黄敏"]
    for _ in range(25):
        services.ballot_add(actor=SYSTEM, election=e, marks=ids(e, good))
    for _ in range(5):
        services.ballot_add(actor=SYSTEM, election=e, marks=ids(e, [*good[:6], "欧阳娜"]))
    services.ballot_add(actor=SYSTEM, election=e, marks=ids(e, [*good, "诸葛亮"]))
    return Election.objects.get(pk=e.pk)


def test_a_difference_election_needs_more_candidates_than_seats_by_the_margin(world):
    with pytest.raises(DomainError, match="差额选举：应选7名，候选人应不少于8名"):
        create(world.base_donghu, candidates=NINE[:7])
    with pytest.raises(DomainError, match="候选人应不少于9名（差额比例不低于20%）"):
        create(world.base_donghu, candidates=NINE[:8], margin_percent=20)
    assert create(world.base_donghu, candidates=NINE[:8]).candidates.count() == 8


def test_the_vote_needs_more_than_two_thirds_present(world):
    e = create(world.base_donghu)
    services.election_open(actor=SYSTEM, election=e)
    with pytest.raises(DomainError, match="实到30人，未超过应到45人的三分之二"):
        services.election_attendance(
            actor=SYSTEM, election=e, entitled=45, present=30, issued=30, returned=30
        )
    services.election_attendance(actor=SYSTEM, election=e, entitled=45, present=31, issued=31, returned=31)
    assert elections_selectors.election_result(Election.objects.get(pk=e.pk)).quorum_met


def test_a_paper_tally_counts_the_ballot_over_the_seats_invalid_and_elects_by_the_entitled(world):
    e = paper_tally(voted(world.base_donghu))
    r = elections_selectors.election_result(e)
    assert e.invalid_ballots == 1 and r.count.valid
    # 25 votes pass (50 > 45); 欧阳娜's 5 do not; 黄敏 has 25
    assert sorted(r.elected_names) == sorted(["丁一", "马力", "王芳", "刘强", "张伟", "李明", "黄敏"])
    assert [c.name for c in r.candidates][:3] == ["丁一", "马力", "王芳"]  # 姓氏笔画
    with pytest.raises(DomainError, match="等于收回的选票数"):
        services.ballot_add(actor=SYSTEM, election=e, marks=[])


def test_more_ballots_returned_than_issued_make_the_vote_void_and_it_cannot_go_up(world):
    e = create(world.base_donghu, mode=TallyMode.TOTALS)
    services.election_open(actor=SYSTEM, election=e)
    services.election_attendance(actor=SYSTEM, election=e, entitled=45, present=31, issued=30, returned=31)
    services.totals_enter(actor=SYSTEM, election=e, yes={c.pk: 30 for c in e.candidates.all()}, invalid=0)
    services.election_sign(actor=SYSTEM, election=e, scrutineers=["周一", "吴二"])
    r = elections_selectors.election_result(Election.objects.get(pk=e.pk))
    assert not r.count.valid and "收回选票多于发出选票" in r.reason
    with pytest.raises(Conflict, match="不能报批"):
        services.election_submit(actor=SYSTEM, election=e)


def test_a_tie_at_the_last_seat_holds_the_report(world):
    e = voted(world.base_donghu, mode=TallyMode.TOTALS, candidates=["王芳", "李明", "张伟"], seats=1)
    yes = dict(zip(ids(e, ["王芳", "李明", "张伟"]), [28, 28, 3], strict=True))
    services.totals_enter(actor=SYSTEM, election=e, yes=yes, invalid=0)
    services.election_sign(actor=SYSTEM, election=e, scrutineers=["周一", "吴二"])
    r = elections_selectors.election_result(Election.objects.get(pk=e.pk))
    assert sorted(c.name for c in r.tied) == ["李明", "王芳"] and r.count.tied_seats == 1
    with pytest.raises(Conflict, match="再次投票"):
        services.election_submit(actor=SYSTEM, election=e)


def test_the_approval_above_installs_the_committee_once_with_the_chair_who_stood_for_it(world, login):
    e = paper_tally(voted(world.base_donghu, actor=world.user("donghu")))
    donghu = world.user("donghu")
    with pytest.raises(DomainError, match="至少两名监票人"):
        services.election_sign(actor=donghu, election=e, scrutineers=["周一"])
    services.election_sign(actor=donghu, election=e, scrutineers=["周一", "吴二"])
    services.election_submit(actor=donghu, election=e)
    # the node's own operator cannot approve: only a cadre above (R21)
    with pytest.raises(DomainError, match="只有上级工会"):
        services.election_decide(actor=donghu, election=e, approve=True)
    chaoyang = login("chaoyang")
    assert "换届选举结果待批复" in str(elections_selectors.todo(world.user("chaoyang"), world.chaoyang))
    response = chaoyang.post(f"/governance/elections/{e.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    committee = Committee.objects.get(org=world.base_donghu, ended_on__isnull=True)
    assert committee.election_key == f"governance.election:{e.pk}" and committee.term_years == 5
    roles = {m.name: m.role for m in committee.members.all()}
    assert roles["李明"] == CommitteeRole.CHAIR and roles["黄敏"] == CommitteeRole.MEMBER and len(roles) == 7
    node = Org.objects.get(pk=world.base_donghu.pk)
    assert node.committee_chair == "李明" and node.term_start == DAY
    assert "李明" in chaoyang.get(f"/orgs/{node.pk}/").content.decode()
    # a second approval changes nothing
    with pytest.raises(Conflict):
        services.election_decide(actor=world.user("chaoyang"), election=e, approve=True)
    assert Committee.objects.filter(org=node).count() == 1
    fig = selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig["elections_approved"] == 1 and fig["seats_filled"] == 7 and fig["ballots_issued"] == 31
    assert "完成换届选举1次，参选代表投票率100%" in fig.sentence()


def test_the_pages_show_the_quorum_the_count_and_refuse_thirty_present(world, login):
    c = login("chaoyang")
    e = create(world.base_donghu)
    assert c.post(f"/governance/elections/{e.pk}/open/").status_code == 302
    refused = c.post(
        f"/governance/elections/{e.pk}/attendance/",
        {"entitled": 45, "present": 30, "ballots_issued": 30, "ballots_returned": 30},
    )
    assert refused.status_code == 200 and "未超过应到45人的三分之二" in refused.content.decode()
    c.post(
        f"/governance/elections/{e.pk}/attendance/",
        {"entitled": 45, "present": 31, "ballots_issued": 31, "ballots_returned": 31},
    )
    page = c.get(f"/governance/elections/{e.pk}/").content.decode()
    assert "符合法定人数" in page and "投票率100%" in page
    tally = c.get(f"/governance/elections/{e.pk}/tally/").content.decode()
    assert "第 1 张选票" in tally
    marks = ids(e, ["丁一", "马力", "王芳", "刘强", "张伟", "李明", "黄敏", "诸葛亮"])
    c.post(f"/governance/elections/{e.pk}/tally/", {"marks": marks})
    assert "其中无效票 1 张" in c.get(f"/governance/elections/{e.pk}/tally/").content.decode()
    c.post(f"/governance/elections/{e.pk}/tally/", {"marks": marks[:2], "write_ins": "赵六"})
    assert Election.objects.get(pk=e.pk).candidates.get(name="赵六").yes == 1
    listing = c.get("/governance/elections/?q=第三次").content.decode()
    assert "第三次会员代表大会选举工会委员会" in listing
    api = c.get(f"/api/governance/elections/{e.pk}").json()
    assert api["seats"] == 7 and api["valid"] and api["invalid_ballots"] == 1
    assert [x["name"] for x in api["candidates"]][:2] == ["丁一", "马力"]
    assert login("xicheng").get(f"/governance/elections/{e.pk}/").status_code == 404


def test_new_election_page_lists_candidates_with_their_roles(world, login):
    c = login("chaoyang")
    response = c.post(
        "/governance/elections/new/",
        {
            "org": world.base_donghu.pk,
            "title": "选举工会委员会",
            "body": ElectionBody.COMMITTEE,
            "held_on": "2026-06-10",
            "term_years": 5,
            "seats": 2,
            "margin_percent": 5,
            "shortfall_rule": "empty",
            "mode": "totals",
            "entitled": 45,
            "candidates": "王芳 主席\n李明\n张伟",
        },
    )
    assert response.status_code == 302
    e = Election.objects.get(title="选举工会委员会")
    assert e.status == ElectionStatus.DRAFT and e.candidates.get(name="王芳").role == CommitteeRole.CHAIR


def signed_totals(
    org, yes_by_name, *, seats, body=ElectionBody.COMMITTEE, issued=31, returned=31, actor=SYSTEM
):
    e = create(org, candidates=list(yes_by_name), seats=seats, mode=TallyMode.TOTALS, body=body, actor=actor)
    services.election_open(actor=SYSTEM, election=e)
    services.election_attendance(
        actor=SYSTEM, election=e, entitled=45, present=31, issued=issued, returned=returned
    )
    yes = {e.candidates.get(name=n.split()[0]).pk: v for n, v in yes_by_name.items()}
    services.totals_enter(actor=SYSTEM, election=e, yes=yes, invalid=0)
    services.election_sign(actor=SYSTEM, election=e, scrutineers=["周一", "吴二"])
    return Election.objects.get(pk=e.pk)


def test_a_returned_result_is_corrected_signed_again_and_approved(world):
    e = signed_totals(world.base_donghu, {"王芳 主席": 30, "李明": 29, "张伟": 3}, seats=2)
    services.election_submit(actor=SYSTEM, election=e)
    chaoyang = world.user("chaoyang")
    with pytest.raises(DomainError, match="退回时请写明原因"):
        services.election_decide(actor=chaoyang, election=e, approve=False)
    services.election_decide(actor=chaoyang, election=e, approve=False, note="收回选票数有误，请核对")
    e.refresh_from_db()
    assert (
        e.status == ElectionStatus.RETURNED and not Committee.objects.filter(org=world.base_donghu).exists()
    )
    services.election_attendance(actor=SYSTEM, election=e, entitled=45, present=31, issued=31, returned=30)
    services.election_sign(actor=SYSTEM, election=e, scrutineers=["周一", "吴二"])
    services.election_submit(actor=SYSTEM, election=e)
    services.election_decide(actor=chaoyang, election=e, approve=True)
    assert Org.objects.get(pk=world.base_donghu.pk).committee_chair == "王芳"
    fig = selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert "完成换届选举1次，参选代表投票率96%" in fig.sentence()  # 30*100 // 31


def test_an_audit_committee_election_keeps_the_committee_and_names_its_head(world):
    first = signed_totals(world.base_donghu, {"王芳 主席": 30, "李明": 29, "张伟": 3}, seats=2)
    services.election_submit(actor=SYSTEM, election=first)
    services.election_decide(actor=world.user("chaoyang"), election=first, approve=True)
    Election.objects.filter(pk=first.pk).update(held_on=dt.date(2026, 6, 1))
    Committee.objects.filter(org=world.base_donghu).update(term_start=dt.date(2026, 6, 1))
    audit = signed_totals(
        world.base_donghu, {"赵强": 25, "孙丽": 28, "周红": 2}, seats=2, body=ElectionBody.AUDIT
    )
    services.election_submit(actor=SYSTEM, election=audit)
    services.election_decide(actor=world.user("chaoyang"), election=audit, approve=True)
    present = Committee.objects.get(org=world.base_donghu, ended_on__isnull=True)
    roles = {m.name: m.role for m in present.members.all()}
    # the first elected (most votes) heads the 经审会; the 委员会 stays
    assert roles == {
        "孙丽": CommitteeRole.AUDIT_CHAIR,
        "赵强": CommitteeRole.AUDIT_MEMBER,
        "王芳": CommitteeRole.CHAIR,
        "李明": CommitteeRole.MEMBER,
    }


def test_the_list_exports_the_results_and_filters_by_status(world, login):
    e = signed_totals(world.base_donghu, {"王芳 主席": 30, "李明": 29, "张伟": 3}, seats=2)
    signed_totals(world.dashilan, {"王芳": 30, "李明": 29, "张伟": 3}, seats=2)
    c = login("chaoyang")
    assert e.title in c.get("/governance/elections/", {"status": "counted"}).content.decode()
    assert e.title not in c.get("/governance/elections/", {"status": "approved"}).content.decode()
    from gonghui.core.testing import leaks

    sheet = leaks.readable(c.get("/governance/elections/", {"export": "xlsx"}).content)
    assert "王芳、李明" in sheet and "望京科技有限公司工会" in sheet and "大栅栏" not in sheet
