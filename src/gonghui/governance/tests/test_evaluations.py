"""Evaluations (rule G4) as the people using them see them: 朝阳 writes a scheme and evaluates 东湖 and 常营; each
street self-assesses and sees only its own entries; the group visits, scores, locks and publishes; the ranking,
the Excel, the API, the figures and what waits."""

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse

from gonghui.core.errors import Conflict, DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.governance import evaluations_selectors as selectors
from gonghui.governance import evaluations_services as services
from gonghui.governance.evaluations_tree import parse
from gonghui.governance.models import EvaluationRound, EvaluationScore, RoundStatus, SiteVisit
from gonghui.governance.selectors import summary as summary_of

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)
TREE = """组织建设 60
- 建会率 | 达标 | 10 | 达标线=90
- 劳动争议 | 扣分 | 10 | 每次扣分=2 最低分=4
服务 40
- 帮扶户数 | 比较 | 10
- 创新 | 加分 | 0 | 上限=3
- 通报批评 | 减分 | 0 | 上限=2
- 重大事故 | 否决 | 0 | 否决方式=末位"""


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def make_round(world, status=RoundStatus.SELF):
    scheme = services.scheme_create(actor=SYSTEM, org=world.chaoyang, name="街道考核", categories=parse(TREE))
    rnd = services.round_create(
        actor=SYSTEM, scheme=scheme, name="2026年街道考核", year=2026, units=[world.donghu, world.changying]
    )
    return rnd


def ids(rnd):
    return {i.name: i.pk for i in rnd.scheme.indicators.all()}


def units(rnd):
    return {u.org.name: u for u in rnd.units.select_related("org")}


DONGHU = {"建会率": "95", "劳动争议": "1", "帮扶户数": "8", "创新": "5", "通报批评": "0", "重大事故": "0"}
CHANGYING = {"建会率": "80", "劳动争议": "0", "帮扶户数": "4", "创新": "0", "通报批评": "1", "重大事故": "0"}


def post_values(client, url, rnd, values, **extra):
    data = {f"v_{ids(rnd)[k]}": v for k, v in values.items()} | extra
    return client.post(url, data)


def test_the_whole_round_from_scheme_to_published_ranking(world, login):
    c = login("chaoyang")
    r = c.post(
        reverse("governance:evaluation_scheme_new"),
        {"org": world.chaoyang.pk, "name": "街道考核", "tree": TREE},
    )
    assert r.status_code == 302
    scheme_page = c.get(r["Location"]).content.decode()
    assert "达标线=90" in scheme_page and "否决方式=末位" in scheme_page and "权重合计 100" in scheme_page
    scheme_id = int(r["Location"].rstrip("/").split("/")[-1])
    r = c.post(
        reverse("governance:evaluation_new"),
        {
            "scheme": scheme_id,
            "name": "2026年街道考核",
            "year": 2026,
            "units": [world.donghu.pk, world.changying.pk],
        },
    )
    assert r.status_code == 302
    rnd = EvaluationRound.objects.get()
    u = units(rnd)

    # each street self-assesses, with evidence (G4)
    d = login("donghu")
    url = reverse("governance:evaluation_self", args=[rnd.pk, u["东湖街道总工会"].pk])
    r = post_values(d, url, rnd, DONGHU, **{f"n_{ids(rnd)['建会率']}": "建会台账"})
    assert r.status_code == 302
    assert (
        d.get(reverse("governance:evaluation_self", args=[rnd.pk, u["常营地区总工会"].pk])).status_code == 404
    )
    assert (
        d.get(reverse("governance:evaluation_score", args=[rnd.pk, u["东湖街道总工会"].pk])).status_code
        == 404
    )
    values = {ids(rnd)[k]: (int(v) * 100, "", "") for k, v in CHANGYING.items()}
    services.self_assess(actor=SYSTEM, unit=u["常营地区总工会"], values=values)

    # before publication a street sees only its own entries, no ranking
    page = d.get(reverse("governance:evaluation", args=[rnd.pk])).content.decode()
    assert "本单位自评" in page and "东湖街道总工会" in page
    assert "常营地区总工会" not in page and "得分及排名" not in page
    assert d.get(reverse("governance:evaluation_xlsx", args=[rnd.pk])).status_code == 404

    # locking needs the review first; the group then scores 常营 down and records its visit
    c = login("chaoyang")
    with pytest.raises(Conflict):
        services.advance(actor=world.user("chaoyang"), rnd=rnd, to=RoundStatus.LOCKED)
    c.post(reverse("governance:evaluation_advance", args=[rnd.pk]), {"to": RoundStatus.REVIEW})
    r = post_values(
        c,
        reverse("governance:evaluation_score", args=[rnd.pk, u["常营地区总工会"].pk]),
        rnd,
        {"建会率": "85"},
        visited_on="2026-06-10",
        members="刘建国、陈丽华",
        visit_notes="查阅台账",
    )
    assert r.status_code == 302
    assert EvaluationScore.objects.get().value == 8500 and SiteVisit.objects.get().members == "刘建国、陈丽华"
    page = c.get(reverse("governance:evaluation", args=[rnd.pk])).content.decode()
    assert "97.00" in page and "49.00" in page  # the node sees the totals before publication

    c.post(reverse("governance:evaluation_advance", args=[rnd.pk]), {"to": RoundStatus.LOCKED})
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.LOCKED and rnd.locked_at is not None
    assert AuditEvent.objects.filter(action="governance.evaluation.lock").count() == 1
    with pytest.raises(Conflict):  # no edits after the lock
        services.score(actor=SYSTEM, unit=u["东湖街道总工会"], values={ids(rnd)["建会率"]: (0, "")})
    with pytest.raises(Conflict):
        services.self_assess(actor=SYSTEM, unit=u["东湖街道总工会"], values={ids(rnd)["建会率"]: (0, "", "")})

    c.post(reverse("governance:evaluation_advance", args=[rnd.pk]), {"to": RoundStatus.PUBLISHED})
    page = login("donghu").get(reverse("governance:evaluation", args=[rnd.pk])).content.decode()
    assert "得分及排名" in page and "97.00" in page and "49.00" in page and "常营地区总工会" in page


def scored_round(world, publish=False):
    rnd = make_round(world)
    u, i = units(rnd), ids(rnd)
    for name, vals in (("东湖街道总工会", DONGHU), ("常营地区总工会", CHANGYING)):
        services.self_assess(
            actor=SYSTEM, unit=u[name], values={i[k]: (int(v) * 100, "", "") for k, v in vals.items()}
        )
    services.advance(actor=SYSTEM, rnd=rnd, to=RoundStatus.REVIEW)
    services.advance(actor=SYSTEM, rnd=rnd, to=RoundStatus.LOCKED)
    if publish:
        services.advance(actor=SYSTEM, rnd=rnd, to=RoundStatus.PUBLISHED)
    rnd.refresh_from_db()
    return rnd


def test_the_api_shows_totals_and_ranks_to_the_node_and_after_publication_to_the_units(world, login):
    rnd = scored_round(world)
    path = f"/api/governance/evaluations/{rnd.pk}"
    body = login("chaoyang").get(path).json()
    assert [(x["unit"], x["total"], x["rank"]) for x in body["units"]] == [
        ("东湖街道总工会", "97.00", 1),
        ("常营地区总工会", "49.00", 2),  # 0 (80 < 90) + 10 of 20 × 60 + 5 of 10 × 40 − 1
    ]
    assert login("donghu").get(path).json()["units"] == []
    assert login("xicheng").get(path).status_code == 404
    services.advance(actor=SYSTEM, rnd=rnd, to=RoundStatus.PUBLISHED)
    assert [x["rank"] for x in login("donghu").get(path).json()["units"]] == [1, 2]


def test_a_veto_ranks_the_unit_last_and_marks_it(world, login):
    rnd = make_round(world)
    u, i = units(rnd), ids(rnd)
    services.self_assess(
        actor=SYSTEM,
        unit=u["东湖街道总工会"],
        values={i["建会率"]: (9500, "", ""), i["重大事故"]: (100, "", "")},
    )
    services.self_assess(actor=SYSTEM, unit=u["常营地区总工会"], values={i["建会率"]: (0, "", "")})
    rows = selectors.results(rnd)
    assert [(r.unit.org.name, r.result.rank) for r in rows] == [("常营地区总工会", 1), ("东湖街道总工会", 2)]
    page = login("chaoyang").get(reverse("governance:evaluation", args=[rnd.pk])).content.decode()
    assert "一票否决（排末位）" in page


def test_others_get_404(world, login):
    rnd = scored_round(world, publish=True)
    x = login("xicheng")
    for name in ("governance:evaluation", "governance:evaluation_xlsx"):
        assert x.get(reverse(name, args=[rnd.pk])).status_code == 404
    assert x.get(reverse("governance:evaluation_scheme", args=[rnd.scheme_id])).status_code == 404


def test_the_excel_has_every_unit_with_totals_and_ranks(world, login):
    rnd = scored_round(world)
    r = login("chaoyang").get(reverse("governance:evaluation_xlsx", args=[rnd.pk]))
    assert r.status_code == 200
    strings = zipfile.ZipFile(io.BytesIO(r.content)).read("xl/sharedStrings.xml").decode()
    for text in ("东湖街道总工会", "常营地区总工会", "97.00", "总分", "建会率（达标计分）"):
        assert text in strings


def test_figures_sentence_and_waiting_work(world):
    rnd = make_round(world)
    fig = selectors.figures(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig == {"evaluation_rounds": 1, "evaluation_rounds_published": 0, "evaluated_units": 2}
    assert selectors.sentence(fig) == "开展考核评比1次，对2个单位进行考核"
    assert selectors.sentence(dict.fromkeys(selectors.FIGURES, 0)) == ""
    summary = summary_of(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert summary["evaluated_units"] == 2 and "开展考核评比1次，对2个单位进行考核" in summary.sentence()
    assert (
        selectors.figures(world.xicheng, dt.date(2026, 1, 1), dt.date(2026, 12, 31))["evaluation_rounds"] == 0
    )
    todo = {label: n for label, n, _url in selectors.todo(world.user("chaoyang"), world.chaoyang)}
    assert todo == {"考核评比自评未齐": 1, "考核评比可锁定": 0}
    scored_round_rnd = rnd
    u, i = units(scored_round_rnd), ids(scored_round_rnd)
    for name in u:
        services.self_assess(actor=SYSTEM, unit=u[name], values={k: (0, "", "") for k in i.values()})
    services.advance(actor=SYSTEM, rnd=rnd, to=RoundStatus.REVIEW)
    todo = {label: n for label, n, _url in selectors.todo(world.user("chaoyang"), world.chaoyang)}
    assert todo == {"考核评比自评未齐": 0, "考核评比可锁定": 1}


def test_the_round_list_filters_and_exports(world, login):
    make_round(world)
    c = login("chaoyang")
    page = c.get(
        reverse("governance:evaluations"), {"status": RoundStatus.SELF, "q": "街道"}
    ).content.decode()
    assert "2026年街道考核" in page
    page = c.get(reverse("governance:evaluations"), {"org": world.donghu.pk, "year": 2026}).content.decode()
    assert "2026年街道考核" in page  # a round evaluating 东湖 counts under 东湖
    page = c.get(reverse("governance:evaluations"), {"status": RoundStatus.PUBLISHED}).content.decode()
    assert "2026年街道考核" not in page
    assert "2026年街道考核" in login("donghu").get(reverse("governance:evaluations")).content.decode()
    assert "2026年街道考核" not in login("xicheng").get(reverse("governance:evaluations")).content.decode()
    r = login("chaoyang").get(reverse("governance:evaluations"), {"export": "xlsx"})
    assert r.status_code in (200, 302)


def test_a_bad_tree_line_is_named_and_units_must_be_children(world, login):
    with pytest.raises(DomainError, match="第2行"):
        parse("组织建设 60\n- 建会率 | 打分 | 10")
    with pytest.raises(DomainError, match="达标线"):
        parse("组织建设 60\n- 建会率 | 达标 | 10")
    scheme = services.scheme_create(actor=SYSTEM, org=world.chaoyang, name="街道考核", categories=parse(TREE))
    with pytest.raises(DomainError, match="直属下级"):
        services.round_create(actor=SYSTEM, scheme=scheme, name="x", year=2026, units=[world.dashilan])
    r = login("chaoyang").post(
        reverse("governance:evaluation_scheme_new"),
        {"org": world.chaoyang.pk, "name": "新方案", "tree": "组织建设 60\n- 建会率"},
    )
    assert r.status_code == 200 and "第2行" in r.content.decode()
