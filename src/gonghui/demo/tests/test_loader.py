"""The demo world loader: the reports' organisations in the right places, valid USCCs, idempotent, usable accounts."""

import pytest
from django.db import transaction
from stdnum.cn import uscc

from gonghui.accounts.models import User
from gonghui.core.demo_guard import DEMO_PASSWORD, DEMO_USERNAMES
from gonghui.demo.loader import counts, ensure_demo_staff, load_world
from gonghui.demo.world import DEMO_STAFF, DISTRICTS, build_world
from gonghui.orgs.models import Coverage, Employer, Level, Org, Place, PlaceKind

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo world once for the module, inside a transaction rolled back at the end.

    Each test runs in its own savepoint inside it (pytest-django's `db`), so tests stay independent.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        first = load_world()
        staff = ensure_demo_staff()
        yield {"first": first, "staff": staff}
        transaction.set_rollback(True)


def org(name: str, parent: str | None = None) -> Org:
    qs = Org.objects.filter(name=name)
    if parent is not None:
        qs = qs.filter(parent__name=parent)
    return qs.get()


def test_the_first_load_creates_the_whole_world(demo):
    world = build_world()
    created = demo["first"]["created"]
    assert created == {
        "orgs": len(world.orgs),
        "employers": len(world.employers),
        "places": len(world.places),
    }
    assert created["orgs"] > 200 and created["employers"] > 250 and created["places"] > 30


def test_loading_again_duplicates_nothing(demo):
    before = counts()
    again = load_world()
    ensure_demo_staff()
    assert again["created"] == {"orgs": 0, "employers": 0, "places": 0}
    assert counts() == before == again["totals"]


def test_the_sixteen_districts_have_their_codes(demo):
    districts = dict(Org.objects.filter(level=Level.DISTRICT).values_list("name", "district_code"))
    assert districts == {f"{name}总工会": code for name, code in DISTRICTS}
    assert (
        len(districts) == 16
        and districts["朝阳区总工会"] == "110105"
        and districts["延庆区总工会"] == "110119"
    )
    city = Org.objects.get(level=Level.CITY)
    assert city.name == "北京市总工会" and city.district_code == "110000"
    assert Org.objects.filter(level=Level.DISTRICT, parent=city).count() == 16
    zone = org("北京经济技术开发区总工会")
    assert zone.level == Level.ZONE and zone.short_name == "经开区" and zone.parent == city


def test_the_reports_organisations_sit_where_the_reports_put_them(demo):
    chaoyang = org("朝阳区总工会")
    for street in ("东湖街道总工会", "常营地区总工会", "金盏地区总工会"):
        assert org(street).parent == chaoyang and org(street).level == Level.STREET
    for street in ("大栅栏街道总工会", "天桥街道总工会"):
        assert org(street).parent == org("西城区总工会")
    for name in ("北京市交通运输工会", "北京市政法卫生文化工会", "北京市教育工会", "市直属机关工会"):
        assert org(name).level == Level.INDUSTRY and org(name).industry
    for name in ("北京工商大学工会", "北京联合大学工会"):
        assert org(name).parent == org("北京市教育工会") and org(name).level == Level.BASE
    railway = org("中铁六局工会")
    assert set(railway.children.values_list("name", "level")) == {
        ("丰桥公司分工会", Level.BRANCH),
        ("广州公司分工会", Level.BRANCH),
    }
    assert org("东湖街道新就业形态劳动者联合工会").parent == org("东湖街道总工会")
    assert Org.objects.filter(level=Level.JOINT, name__contains="楼宇联合工会").exists()

    zone = org("北京经济技术开发区总工会")
    supply = Employer.objects.get(name="北京盛世华人供应链管理有限公司")
    assert supply.coverage == Coverage.OWN and supply.union is not None
    assert supply.union.name == "北京盛世华人供应链管理有限公司工会"
    for name in ("北京安艺达保安服务有限公司", "北京新浩环卫服务有限公司"):
        target = Employer.objects.get(name=name)
        assert target.coverage == Coverage.NONE and target.org == zone
    drainage = Employer.objects.get(union__name="北京排水集团工会")
    assert drainage.coverage == Coverage.OWN


def test_every_uscc_is_valid_and_unique(demo):
    codes = list(Employer.objects.values_list("uscc", flat=True))
    assert codes and all(uscc.is_valid(code) for code in codes)
    union_codes = [c for c in Org.objects.values_list("uscc", flat=True) if c]
    assert union_codes and all(uscc.is_valid(code) for code in union_codes)
    assert len(set(codes + union_codes)) == len(codes) + len(union_codes)


def test_every_district_has_employers_of_all_three_coverages(demo):
    for district in Org.objects.filter(level__in=[Level.DISTRICT, Level.ZONE]):
        found = set(Employer.objects.in_subtree(district).values_list("coverage", flat=True))
        assert found == {Coverage.OWN, Coverage.JOINT, Coverage.NONE}, district.name
    for employer in Employer.objects.select_related("union"):
        assert (employer.union is None) == (employer.coverage == Coverage.NONE)
        if employer.union is None:
            continue
        if employer.coverage == Coverage.OWN:
            assert employer.union.level == Level.BASE
        elif employer.coverage == Coverage.JOINT:
            assert employer.union.level == Level.JOINT and employer.headcount < 25


def test_places_include_the_riders_centre_and_rest_stations(demo):
    centre = Place.objects.get(name="美团骑手党群服务中心")
    assert centre.kind == PlaceKind.SERVICE_STATION and centre.org == org("东湖街道总工会")
    donghu, zone = org("东湖街道总工会"), org("北京经济技术开发区总工会")
    for node in (donghu, zone):
        rest = Place.objects.filter(org=node, kind=PlaceKind.REST_STATION)
        assert rest.exists()
        assert all(p.address and p.opening_hours and p.facilities for p in rest)


def test_demo_staff_sign_in_with_the_demo_password_and_see_their_subtree(demo, client):
    assert {s.username for s in DEMO_STAFF} == set(DEMO_USERNAMES)
    for spec in DEMO_STAFF:
        user = User.objects.get(username=spec.username)
        assert user.org.name == spec.org and user.full_name == spec.full_name
        assert client.login(username=spec.username, password=DEMO_PASSWORD), spec.username
        client.logout()
    chaoyang = User.objects.get(username="chaoyang")
    visible = Org.objects.restrict(chaoyang, "view")
    assert visible.filter(name="东湖街道总工会").exists()
    assert not visible.filter(name="大栅栏街道总工会").exists()


def test_a_changed_demo_password_is_reset(demo, client):
    user = User.objects.get(username="donghu")
    user.set_password("something-else-2026")
    user.save()
    ensure_demo_staff()
    assert client.login(username="donghu", password=DEMO_PASSWORD)


def test_the_outreach_events_of_000_3_and_000_4_with_their_figures(demo, client):
    from gonghui.members.models import Channel, Membership
    from gonghui.outreach.demo import EVENTS, load_outreach
    from gonghui.outreach.models import OutreachEvent
    from gonghui.outreach.selectors import event_stats

    joined = load_outreach()
    assert joined == sum(spec[7][1] for spec in EVENTS)
    assert load_outreach() == 0  # again: nothing added
    stall = OutreachEvent.objects.get(name__startswith="大栅栏西街")
    figures = event_stats(stall).totals
    assert (figures.scans, figures.joins, figures.gifts) == (46, 17, 12)
    assert stall.org.name == "大栅栏街道总工会"
    riders = OutreachEvent.objects.get(place="美团骑手党群服务中心")
    joined_riders = Membership.objects.filter(join_records__event=riders)
    assert joined_riders.count() == 28
    assert set(joined_riders.values_list("channel", "status").distinct()) == {(Channel.OUTREACH, "active")}
    assert set(joined_riders.values_list("person__priority_group", flat=True)) == {"rider"}
    # the street federation sees its event on the outreach page, with the same figures
    assert client.login(username="xicheng", password=DEMO_PASSWORD)
    page = client.get("/outreach/").content.decode()
    assert "大栅栏西街“摆摊设点”职工沟通会" in page and "美团骑手党群服务中心" not in page
