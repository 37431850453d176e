"""The dashboard pages, the yearbook export, the API and the report sentences, as a cadre sees them."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD
from gonghui.dashboards.sentences import zh_number, zh_percent
from gonghui.members.models import Channel
from gonghui.members.tests.factories import enrol
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Employer, Level, Org, Ownership
from gonghui.stats import services
from gonghui.stats.selectors import Period, figures, months_back, period_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    """Three members in 朝阳 (two of them new-form riders), two in 西城, and employers for the rates."""
    enrol(world.base_donghu, "张伟", is_new_form=True, priority_group="rider")
    enrol(world.base_donghu, "李娜", gender="f", is_new_form=True, priority_group="rider")
    enrol(world.base_donghu, "王强")
    enrol(world.base_xicheng, "赵敏")
    enrol(world.base_xicheng, "刘洋")
    org_services.employer_create(
        actor=SYSTEM,
        org=world.donghu,
        union=world.base_donghu,
        name="望京科技有限公司",
        ownership=Ownership.PRIVATE,
        headcount=30,
    )
    org_services.employer_create(actor=SYSTEM, org=world.donghu, name="东湖小店", headcount=5)
    services.stats_recompute()
    return world


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_city_dashboard_shows_the_figures_the_map_and_the_children(client, people):
    w = people
    response = login(client, "city_admin").get(f"/stats/{w.city.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    today = timezone.localdate()
    assert "北京市总工会" in page and f"会员数截至 {today.year}年{today.month}月{today.day}日" in page
    f = response.context["figs"]
    assert f.members == 5 and f["m:new_form"] == 2 and f["m:group:rider"] == 2
    assert f.unionisation_rate == 0.5  # one of the two employers has a union
    rows = {r["name"]: r["values"] for r in response.context["table_rows"]}
    assert rows["朝阳区总工会"][0] == 3 and rows["西城区总工会"][0] == 2
    areas = {a["adcode"]: a for a in response.context["charts"]["map"]["areas"]}
    assert areas["110105"]["members"] == 3 and areas["110105"]["rate"] == 50.0
    assert areas["110105"]["url"].startswith(f"/stats/{w.chaoyang.pk}/")
    assert "今年以来，北京市总工会新发展会员5人，其中新就业形态劳动者2人" in page


def daxing_and_the_zone(world):
    """大兴 and 经开区 under the city, both with 大兴's district code 110115: 大兴 has one member in one of its
    two employers' unions, 经开区 three in its one employer's."""
    create = org_services.org_create
    daxing = create(
        actor=SYSTEM, parent=world.city, name="大兴区总工会", level=Level.DISTRICT, district_code="110115"
    )
    zone = create(
        actor=SYSTEM,
        parent=world.city,
        name="北京经济技术开发区总工会",
        short_name="经开区总工会",
        level=Level.ZONE,
        district_code="110115",
    )
    for parent, name, members, headcount in ((daxing, "兴业", 1, 10), (zone, "亦庄精工", 3, 4)):
        base = create(actor=SYSTEM, parent=parent, name=f"{name}有限公司工会", level=Level.BASE)
        org_services.employer_create(
            actor=SYSTEM, org=parent, union=base, name=f"{name}有限公司", headcount=headcount
        )
        for i in range(members):
            enrol(base, f"{name}{i}")
    org_services.employer_create(actor=SYSTEM, org=daxing, name="大兴未建会商店", headcount=7)
    services.stats_recompute()
    return daxing, zone


def test_the_map_is_keyed_by_organisation_not_by_district_code(client, people):
    """经开区 shares 大兴's code: the 大兴 polygon carries 大兴's figures and link only, 经开区 is listed apart."""
    daxing, zone = daxing_and_the_zone(people)
    response = login(client, "city_admin").get(f"/stats/{people.city.pk}/")
    the_map = response.context["charts"]["map"]
    polygons = [a for a in the_map["areas"] if a["adcode"] == "110115"]
    assert len(polygons) == 1
    assert polygons[0]["org"] == daxing.pk and polygons[0]["name"] == "大兴区总工会"
    assert polygons[0]["members"] == 1 and polygons[0]["rate"] == 50.0  # not 4 members, not 2 of 3 employers
    assert polygons[0]["url"].startswith(f"/stats/{daxing.pk}/")
    assert [(a["org"], a["members"], a["rate"]) for a in the_map["apart"]] == [(zone.pk, 3, 100.0)]
    assert the_map["apart"][0]["url"].startswith(f"/stats/{zone.pk}/")
    apart = response.content.decode().split('data-testid="map-apart"')[1].split("</ul>")[0]
    assert "经开区总工会" in apart and "会员 3 人" in apart


def test_join_rate_counts_members_in_unionised_employers_and_the_direct_ones_apart(client, people):
    """入会率 is the members in unionised employers over their headcount; members held by a street federation
    (joined directly, M3) are their own figure, and the definition is written under the figure."""
    w = people
    for i in range(4):
        enrol(w.donghu, f"骑手{i}", is_new_form=True, priority_group="rider")
    services.stats_recompute()
    response = login(client, "chaoyang").get(f"/stats/{w.chaoyang.pk}/")
    f = response.context["figs"]
    assert f.members == 7 and f.employer_members == 3 and f.direct_members == 4
    assert f.membership_rate == 0.1  # 3 of 望京科技's 30 workers, not 7/30
    cards = {c["label"]: c for c in response.context["cards"]}
    assert cards["入会率"]["value"] == "10%" and "÷" in cards["入会率"]["definition"]
    assert cards["直接入会会员"]["value"] == 4
    page = response.content.decode()
    assert "直接加入街道、新业态工会的会员另计" in page
    assert "另有直接加入街道、新业态等工会的会员4人，不计入入会率。" in page


def test_a_join_rate_over_100_percent_is_shown_as_a_note(client, people):
    """Headcounts recorded too low (3 members, 2 workers): no 150% headline, a note asking to check them."""
    w = people
    employer = Employer.objects.get(union=w.base_donghu)
    org_services.employer_update(actor=SYSTEM, employer=employer, headcount=2)
    services.stats_recompute()
    response = login(client, "chaoyang").get(f"/stats/{w.chaoyang.pk}/")
    assert response.context["figs"].membership_rate == 1.5
    card = {c["label"]: c for c in response.context["cards"]}["入会率"]
    assert card["value"] == "—" and "请核对职工人数" in card["note"]
    page = response.content.decode()
    assert "150%" not in page and "入会率待核" in page


def test_children_sort_by_any_column_both_ways(client, people):
    c = login(client, "city_admin")
    names = lambda r: [row["name"] for row in r.context["table_rows"]]  # noqa: E731
    assert names(c.get(f"/stats/{people.city.pk}/?sort=-members")) == ["朝阳区总工会", "西城区总工会"]
    assert names(c.get(f"/stats/{people.city.pk}/?sort=members")) == ["西城区总工会", "朝阳区总工会"]


def test_a_district_sees_its_own_subtree_from_its_own_root(client, people):
    w = people
    c = login(client, "chaoyang")
    home = c.get("/stats/", follow=True)
    assert home.redirect_chain[-1][0] == f"/stats/{w.chaoyang.pk}/"
    donghu = c.get(f"/stats/{w.donghu.pk}/")
    assert [o.name for o in donghu.context["crumbs"]] == ["朝阳区总工会", "东湖街道总工会"]
    assert donghu.context["figs"].members == 3
    assert c.get(f"/stats/{w.xicheng.pk}/").status_code == 404
    assert c.get(f"/stats/{w.xicheng.pk}/yearbook.xlsx?year=2026").status_code == 404
    assert c.get(f"/api/stats/?org={w.xicheng.pk}").status_code == 404


def test_the_dashboard_takes_a_fixed_number_of_queries_whatever_the_children(client, people):
    c = login(client, "city_admin")
    with CaptureQueriesContext(connection) as few:
        assert c.get(f"/stats/{people.chaoyang.pk}/").status_code == 200
    for i in range(6):
        street = org_services.org_create(
            actor=SYSTEM, parent=people.chaoyang, name=f"新街道{i}总工会", level=Level.STREET
        )
        enrol(street, f"新会员{i}")
    services.stats_fold()
    with CaptureQueriesContext(connection) as more:
        response = c.get(f"/stats/{people.chaoyang.pk}/")
    assert response.context["figs"].members == 9 and len(response.context["table_rows"]) == 8
    assert len(more) == len(few)


def test_the_yearbook_is_a_real_workbook_with_the_figures(client, people):
    w = people
    year = timezone.localdate().year
    response = login(client, "city_admin").get(f"/stats/{w.city.pk}/yearbook.xlsx?year={year}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == f"北京市总工会 {year}年工会统计表"
    heading = rows[3]
    members, rate = heading.index("会员人数"), heading.index("建会率")
    table = {r[0].strip(): r for r in rows[4:]}
    assert table["北京市总工会（合计）"][members] == 5
    assert table["朝阳区总工会"][members] == 3 and table["西城区总工会"][members] == 2
    assert table["北京市总工会（合计）"][rate] == pytest.approx(0.5)
    assert login(client, "city_admin").get(f"/stats/{w.city.pk}/yearbook.xlsx?year=1999").status_code == 404


def test_the_api_returns_the_figures_for_a_day_and_a_period(client, people):
    w = people
    c = login(client, "chaoyang")
    body = c.get(f"/api/stats/?org={w.chaoyang.pk}").json()
    assert body["members"]["total"] == 3 and body["members"]["new_form_groups"]["rider"] == 2
    assert body["flows"]["new_members"] == 3 and body["flows"]["new_by_channel"][Channel.STAFF] == 3
    assert body["organising"]["unionisation_rate"] == 0.5
    last_year = timezone.localdate().year - 1
    old = c.get(f"/api/stats/?org={w.chaoyang.pk}&on={last_year}-06-30&period=year").json()
    assert old["members"]["total"] == 0 and old["period"]["start"] == f"{last_year}-01-01"
    bad = c.get(f"/api/stats/?org={w.chaoyang.pk}&start=2026-05-01&end=2026-04-01")
    assert bad.status_code == 400 and bad.json()["message"] == "开始日期不能晚于结束日期"
    assert c.get("/api/stats/").json()["org"]["id"] == w.chaoyang.pk  # the caller's own node by default


@pytest.fixture
def on_day(request):
    """The clock stopped at noon (Beijing) on the day the test is parametrised with, fixtures included."""
    moment = dt.datetime.combine(request.param, dt.time(12), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield request.param


# A day late in its month reads the month's rollup and takes back the facts after the day, so an unfolded
# journal row is not seen until the fold; early in a month the days so far are counted from the facts.
@pytest.mark.parametrize(
    ("on_day", "before_fold"),
    [
        (dt.date(2026, 11, 22), 5),
        (dt.date(2026, 11, 30), 5),
        (dt.date(2026, 12, 16), 5),
        (dt.date(2028, 2, 29), 5),
        (dt.date(2026, 12, 1), 6),
        (dt.date(2026, 12, 4), 6),
        (dt.date(2026, 12, 15), 6),
    ],
    indirect=["on_day"],
)
def test_a_change_reaches_the_figures_through_the_journal(on_day, before_fold, people, monkeypatch):
    monkeypatch.setattr(services, "fold_soon", lambda: None)
    city = Org.objects.get(pk=people.city.pk)
    enrol(people.base_donghu, "孙磊")
    assert figures(city).members == before_fold
    services.stats_fold()
    assert figures(city).members == 6


def test_chinese_numbers_and_percentages():
    assert zh_number(4076) == "4,076"  # issue 16 §4: amounts show thousands separators
    assert zh_number(99_999) == "99,999"
    assert zh_number(999) == "999"
    assert zh_number(115_536) == "11.55万"
    assert zh_number(20_000_000) == "2000万"
    assert zh_number(123_456_789) == "1.23亿"
    assert zh_percent(0.6452) == "64.5%"
    assert zh_percent(0.5) == "50%"
    assert zh_percent(None) == "—"


def test_periods_compare_like_with_like():
    p = period_to("year", dt.date(2026, 11, 22))
    assert (p.start, p.end) == (dt.date(2026, 1, 1), dt.date(2026, 11, 22))
    e = p.earlier()
    assert (e.start, e.end, e.label) == (dt.date(2025, 1, 1), dt.date(2025, 11, 22), "2025年")
    q = period_to("quarter", dt.date(2026, 5, 31)).earlier()
    assert (q.start, q.end) == (dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    assert months_back(dt.date(2024, 3, 31), 1) == dt.date(2024, 2, 29)
    assert Period(dt.date(2026, 3, 1), dt.date(2026, 3, 10)).earlier().end == dt.date(2026, 2, 28)


def test_the_dashboard_counts_the_subtrees_activities_and_care_this_year(client, people):
    """S5: activities and people reached, and what care campaigns reached, for the node's subtree and period."""
    from gonghui.activities import services as activities
    from gonghui.activities.tests.factories import activity
    from gonghui.care import services as care
    from gonghui.care.models import RecipientKind
    from gonghui.care.tests.helpers import summer_campaign

    w = people
    visit = activity(w.donghu, kind="condolence", title="慰问外卖小哥", days=0)
    activities.reach_set(actor=SYSTEM, activity=visit, count=120, method="现场统计")
    activity(w.dashilan, kind="condolence", title="西城的慰问", days=0)  # another subtree
    _, root, _ = summer_campaign(w, stock=0)
    melon, cup, umbrella = (
        care.supply_item_add(actor=SYSTEM, name=name, unit=unit)
        for name, unit in (("西瓜", "斤"), ("杯子", "个"), ("雨伞", "把"))
    )
    care.stock_receive(actor=SYSTEM, unit=root, lines={melon: (20_000, 2), cup: (50, 3), umbrella: (50, 20)})
    for lines in ({melon: 6_000, cup: 10}, {melon: 4_000, cup: 5, umbrella: 15}):
        care.distribution_record(
            actor=SYSTEM,
            unit=root,
            recipient=care.Recipient(kind=RecipientKind.TEAM, name="环卫一队"),
            people_covered=20,
            handed_out_by="张克斌",
            lines=lines,
        )
    page = login(client, "chaoyang").get(f"/stats/{w.chaoyang.pk}/").content.decode()
    assert 'data-testid="work-activities">1<' in page
    assert 'data-testid="work-handouts">2<' in page  # hand-outs counted, not 斤 added to 个 (issue 16 §4)
    assert "发放西瓜10,000斤、杯子15个、雨伞15把" in page
    assert (
        "开展各类活动1场，服务职工120人次；关爱慰问覆盖职工40人次、走访企业0家，开展慰问发放2次，"
        "发放西瓜10,000斤、杯子15个、雨伞15把。" in page
    )
    assert "10030" not in page and "10,030" not in page  # no sum across units anywhere
    xicheng = login(client, "xicheng").get(f"/stats/{w.xicheng.pk}/").content.decode()
    assert "开展各类活动1场，服务职工0人次" in xicheng and "关爱慰问" not in xicheng
