"""A football league in a real browser, from the group stage to the champion (DOMAIN §6 C4, C5, issue 18 §3): 朝阳
has ten teams in one 组别; it starts the 小组赛 on its page in two pools (seed serpentine, A组 and B组), the
fixtures appear by round with dates and pitches; most results are entered beforehand, the last ones on the page,
and A组's table shows a three-way tie on points settled by head-to-head ("同分，按相互间成绩排名"), although overall
goal difference would have put another team first. 确认小组赛成绩 sends the first two of each pool on; the
knockout page draws A1 v B2 and B1 v A2, the semi-finals, the third-place match and the final are entered on the
page, and the bracket shows the champion, who is ranked first with 冠军 in the final ranking."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from gonghui.competitions import league_services, services
from gonghui.competitions.models import CompetitionKind, EntrantKind, Format, Match
from gonghui.core.scope import SYSTEM

SHANGHAI = ZoneInfo("Asia/Shanghai")
TEAMS = ["机务段", "车辆段", "工务段", "电务段", "供电段", "客运段", "货运中心", "建设处", "物资处", "医院"]
# A组 (seeds 1, 4, 5, 8, 9): 机务段, 电务段 and 供电段 beat each other in a ring and everyone else, on 9 points each
POOL_A = {
    ("机务段", "电务段"): (1, 0),
    ("电务段", "供电段"): (2, 0),
    ("供电段", "机务段"): (3, 0),
    ("机务段", "物资处"): (5, 0),  # 机务段 has the best overall difference, and still finishes third
}


@pytest.fixture
def clock(world):
    with time_machine.travel(dt.datetime(2026, 6, 20, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


def football(org):
    c = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=org,
            kind=CompetitionKind.SPORT,
            name="2026年职工足球联赛",
            starts_on=dt.date(2026, 6, 20),
            entrant_kind=EntrantKind.TEAM,
            groups=["男子组"],
            tiers=[services.TierData("冠军", 1), services.TierData("亚军", 1), services.TierData("季军", 1)],
            stages=[
                services.StageData(
                    "小组赛",
                    Format.LEAGUE,
                    advance=2,
                    starts_on=dt.date(2026, 6, 20),
                    settings={"pitches": ["东区1号场", "东区2号场"]},
                ),
                services.StageData(
                    "淘汰赛",
                    Format.KNOCKOUT,
                    starts_on=dt.date(2026, 8, 1),
                    settings={"third_place": True, "pitches": ["体育中心主场", "体育中心副场"]},
                ),
            ],
        ),
    )
    group = c.groups.get()
    for seed, name in enumerate(TEAMS, start=1):
        services.entrant_add(
            actor=SYSTEM,
            competition=c,
            data=services.EntrantData(
                group=group, name=name, seed=seed, people=16, units=[services.UnitData(name=f"{name}工会")]
            ),
        )
    return c


def score_for(h: str, a: str) -> tuple[int, int]:
    if (h, a) in POOL_A:
        return POOL_A[(h, a)]
    if (a, h) in POOL_A:
        return POOL_A[(a, h)][::-1]
    return (1, 0) if TEAMS.index(h) < TEAMS.index(a) else (0, 1)  # the better seed wins 1:0


def enter_on_page(page, match: Match, home: int, away: int) -> None:
    box = page.locator(f"#m-{match.pk}")
    box.get_by_label(f"{match.home.name}得分").fill(str(home))
    box.get_by_label(f"{match.away.name}得分").fill(str(away))
    with page.expect_navigation():
        box.get_by_role("button", name="保存").click()
    expect(page.locator(f"#m-{match.pk}").get_by_test_id("score")).to_have_text(f"{home} : {away}")


def test_a_league_in_two_pools_then_a_knockout_to_the_champion(
    world, clock, new_page, sign_in, url, screenshot
):
    c = football(world.donghu)
    league, knockout = c.stages.order_by("order")
    page = new_page()
    sign_in(page, "chaoyang")
    page.goto(url(f"/competitions/{c.pk}/"))
    with page.expect_navigation():
        page.get_by_test_id("stages").get_by_role("link", name="小组赛").click()
    page.get_by_label("小组数").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="开赛").click()
    expect(page.get_by_text("“小组赛”已开赛，赛程已生成")).to_be_visible()
    expect(page.get_by_test_id("standings")).to_have_count(2)
    expect(page.get_by_test_id("match")).to_have_count(20)
    expect(page.locator("#fixtures")).to_contain_text("6月27日")
    expect(page.locator("#fixtures")).to_contain_text("东区2号场")

    # most results are entered beforehand; the three matches of A组's ring on the page
    ring = []
    for m in Match.objects.filter(stage=league).select_related("home", "away"):
        pair = {m.home.name, m.away.name}
        if pair <= {"机务段", "电务段", "供电段"}:
            ring.append(m)
            continue
        league_services.result_enter(
            actor=SYSTEM, match=m, score=league_services.Score(*score_for(m.home.name, m.away.name))
        )
    page.reload()
    for m in ring:
        enter_on_page(page, m, *score_for(m.home.name, m.away.name))

    table_a = page.locator('[data-testid="standings"][data-pool="A组"]')
    rows = table_a.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("供电段")
    expect(rows.nth(1)).to_contain_text("电务段")
    expect(rows.nth(2)).to_contain_text("机务段")
    for i in range(3):
        expect(rows.nth(i)).to_contain_text("9")
        expect(rows.nth(i)).to_contain_text("同分，按相互间成绩排名")
    page.locator("#standings").scroll_into_view_if_needed()
    screenshot(page, "competition-league-standings.png")

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="确认小组赛成绩").click()
    expect(page.get_by_text("各组前2名晋级")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="淘汰赛").last.click()
    expect(page.get_by_text("供电段（A组第1）")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="排定对阵并开赛").click()
    semis = list(
        Match.objects.filter(stage=knockout, round=1).order_by("position").select_related("home", "away")
    )
    # A1 v B2, B1 v A2
    assert [(m.home.name, m.away.name) for m in semis] == [("供电段", "工务段"), ("车辆段", "电务段")]
    enter_on_page_knockout(page, semis[0], 2, 1)
    enter_on_page_knockout(page, semis[1], 1, 3)
    final = Match.objects.select_related("home", "away").get(stage=knockout, round=2, third_place=False)
    third = Match.objects.select_related("home", "away").get(stage=knockout, third_place=True)
    assert (final.home.name, final.away.name) == ("供电段", "电务段")
    enter_on_page_knockout(page, third, 0, 1)
    enter_on_page_knockout(page, final, 2, 0)
    expect(page.get_by_test_id("champion")).to_have_text("冠军：供电段")

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="确认最终名次").click()
    ranking = page.get_by_test_id("ranking").locator("tbody tr")
    expect(ranking.nth(0)).to_contain_text("供电段")
    expect(ranking.nth(0)).to_contain_text("冠军")
    expect(ranking.nth(1)).to_contain_text("电务段")
    expect(ranking.nth(2)).to_contain_text("车辆段")
    expect(ranking.nth(2)).to_contain_text("季军")
    screenshot(page, "competition-knockout-bracket.png")

    page.goto(url(f"/competitions/{c.pk}/"))
    expect(page.get_by_test_id("results")).to_contain_text("供电段")


def enter_on_page_knockout(page, match: Match, home: int, away: int) -> None:
    match.refresh_from_db()
    box = page.locator(f"#m-{match.pk}")
    box.get_by_label(f"{match.home.name}得分").fill(str(home))
    box.get_by_label(f"{match.away.name}得分").fill(str(away))
    with page.expect_navigation():
        box.get_by_role("button", name="保存").click()
