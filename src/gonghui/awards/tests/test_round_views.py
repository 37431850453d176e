"""The pages of a round (DOMAIN §6 A2-A5) as a cadre uses them: opening a round, splitting the quota and being
told which line does not add up, the list's composition panel re-rendered by HTMX as nominees come and change, a
nominee's 公示 dated in working days, and the two Excel files."""

import datetime as dt
import io

import pytest
import time_machine
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from gonghui.awards import round_services as services
from gonghui.awards.models import AwardType, Category, Nomination, Round, State, Stream
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def _client(client, name):
    assert client.login(username=name, password=PASSWORD)
    return client


def _medal() -> AwardType:
    return AwardType.objects.get(code="capital-labour-medal")


@pytest.fixture
def round_(world):
    medal = _medal()
    round_ = services.round_open(
        actor=world.user("city_admin"),
        org=world.city,
        name="2026年首都劳动奖",
        year=2026,
        totals={(medal, Stream.REGULAR): 9},
    )
    line = f"{medal.pk}-regular"
    services.quotas_set(
        actor=world.user("city_admin"),
        round=round_,
        org=world.city,
        parts={(line, world.chaoyang.pk): 6, (line, world.xicheng.pk): 3},
    )
    return round_


def _sheet(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_the_city_opens_a_round_and_a_split_that_does_not_add_up_is_named(client, world):  # rule A2
    c = _client(client, "city_admin")
    medal = _medal()
    page = c.get("/awards/rounds/new/")
    assert "首都劳动奖章（常规）" in page.text and "全国五一劳动奖章" not in page.text
    answer = c.post(
        "/awards/rounds/new/",
        {
            "org": world.city.pk,
            "name": "2026年首都劳动奖",
            "year": 2026,
            "publicity_days": 5,
            f"total-{medal.pk}-regular": 7,
            "kind-industrial": "floor",
            "percent-industrial": 35,
        },
    )
    round_ = Round.objects.get(name="2026年首都劳动奖")
    assert answer["Location"] == f"/awards/rounds/{round_.pk}/quotas/{world.city.pk}/"
    assert [(r.category, r.percent, r.floor) for r in round_.rules.all()] == [("industrial", 35, True)]
    proposed = c.get(f"/awards/rounds/{round_.pk}/quotas/{world.city.pk}/?base=equal")
    assert f'name="q-{medal.pk}-regular-{world.chaoyang.pk}" value="4"' in proposed.text
    assert f'name="q-{medal.pk}-regular-{world.xicheng.pk}" value="3"' in proposed.text
    wrong = c.post(
        f"/awards/rounds/{round_.pk}/quotas/{world.city.pk}/",
        {f"q-{medal.pk}-regular-{world.chaoyang.pk}": 5, f"q-{medal.pk}-regular-{world.xicheng.pk}": 3},
    )
    assert "首都劳动奖章（常规）：各下级名额合计8名，应等于本级名额7名" in wrong.text
    saved = c.post(
        f"/awards/rounds/{round_.pk}/quotas/{world.city.pk}/",
        {f"q-{medal.pk}-regular-{world.chaoyang.pk}": 5, f"q-{medal.pk}-regular-{world.xicheng.pk}": 2},
        follow=True,
    )
    assert "北京市总工会的名额已分配到2个下级组织" in saved.text
    assert "朝阳区总工会" in saved.text


def test_the_check_panel_follows_the_list_through_htmx(client, world, round_):  # rule A3
    c = _client(client, "chaoyang")
    add = f"/awards/rounds/{round_.pk}/list/{world.chaoyang.pk}/add/"
    first = c.post(
        add,
        {
            "award_type": _medal().pk,
            "stream": "regular",
            "unit_name": "北京朝阳建工集团",
            "person_name": "张伟",
        },
        headers={"HX-Request": "true"},
    )
    assert first.status_code == 200 and "<html" not in first.text
    assert "✗ 产业工人 0%，下限35%，还需1名产业工人" in first.text
    assert "首都劳动奖章（常规）：名额6名，已推荐1名" in first.text
    nominee = Nomination.objects.get(person_name="张伟")
    changed = c.post(
        f"/awards/nominations/{nominee.pk}/change/",
        {"categories": [Category.INDUSTRIAL, Category.FRONTLINE]},
        headers={"HX-Request": "true"},
    )
    assert "✓ 产业工人 100%，下限35%" in changed.text
    assert "✓ 一线职工 100%，下限45%" in changed.text


def test_an_id_number_not_in_the_register_is_refused_and_not_shown_back(client, world, round_):
    c = _client(client, "chaoyang")
    answer = c.post(
        f"/awards/rounds/{round_.pk}/list/{world.chaoyang.pk}/add/",
        {
            "award_type": _medal().pk,
            "stream": "regular",
            "unit_name": "北京朝阳建工集团",
            "id_number": "11010519491231002X",
        },
    )
    assert "会员库中没有该证件号码的人员，请直接填写姓名" in answer.text
    assert "11010519491231002X" not in answer.text
    assert not Nomination.objects.exists()


def test_a_publicity_started_on_the_page_runs_past_national_day(client, world, round_):  # rule A4
    nominee = services.nomination_add(
        actor=world.user("chaoyang"),
        round=round_,
        org=world.chaoyang,
        award_type=_medal(),
        unit_name="北京朝阳建工集团",
        person_name="张伟",
    )
    services.nomination_review(
        actor=world.user("chaoyang"), nomination=nominee, yes=30, total=32, on=dt.date(2026, 9, 29)
    )
    c = _client(client, "chaoyang")
    page = c.post(
        f"/awards/nominations/{nominee.pk}/step/",
        {"step": "publicity_start", "on": "2026-09-30"},
        follow=True,
    )
    assert "公示期2026-09-30至2026-10-12（5个工作日，节假日不计）" in page.text
    assert "单位公示中" in page.text
    # approval is the city's: 朝阳 finds no such step, and the nominee stays where it is
    assert (
        c.post(f"/awards/nominations/{nominee.pk}/step/", {"step": "approve", "on": "2026-10-12"}).status_code
        == 404
    )
    nominee.refresh_from_db()
    assert nominee.state == State.UNIT_PUBLICITY


def test_the_two_excel_files_say_what_is_posted_and_signed(client, world, round_):  # rule A4
    nominee = services.nomination_add(
        actor=world.user("chaoyang"),
        round=round_,
        org=world.chaoyang,
        award_type=_medal(),
        unit_name="北京朝阳建工集团",
        person_name="张伟",
        position="钢筋工",
        deeds="带领班组攻克超高层施工难题",
    )
    c = _client(client, "chaoyang")
    form = _sheet(c.get(f"/awards/nominations/{nominee.pk}/form.xlsx").content)
    assert form[0][0] == "2026年首都劳动奖推荐审批表"
    assert ["被推荐对象", "张伟"] in form and ["主要事迹", "带领班组攻克超高层施工难题"] in form
    posted = _sheet(c.get(f"/awards/rounds/{round_.pk}/list/{world.chaoyang.pk}/publicity.xlsx").content)
    assert posted[0][0] == "朝阳区总工会2026年首都劳动奖推荐对象公示名单"
    assert posted[3][1:6] == ["首都劳动奖章", "常规", "张伟", "北京朝阳建工集团", "钢筋工"]


def test_the_pdfs_for_printing_and_posting_are_set_in_noto_cjk(client, world, round_):  # rule A4
    services.nomination_add(
        actor=world.user("chaoyang"),
        round=round_,
        org=world.chaoyang,
        award_type=_medal(),
        unit_name="北京朝阳建工集团",
        person_name="张伟",
        position="钢筋工",
    )
    nominee = Nomination.objects.get(person_name="张伟")
    c = _client(client, "chaoyang")
    for address, words in (
        (
            f"/awards/nominations/{nominee.pk}/form.pdf",
            ["2026年首都劳动奖推荐审批表", "北京朝阳建工集团", "钢筋工"],
        ),
        (
            f"/awards/rounds/{round_.pk}/list/{world.chaoyang.pk}/publicity.pdf",
            ["推荐对象公示", "张伟", "公示期间如有异议，请向朝阳区总工会反映"],
        ),
    ):
        answer = c.get(address)
        assert answer["Content-Type"] == "application/pdf"
        page = PdfReader(io.BytesIO(answer.content)).pages[0]
        text = page.extract_text().replace("\n", "")
        assert all(word in text for word in words), text
        fonts = [str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
        assert fonts and all("CJK" in f for f in fonts), fonts


def test_a_street_reaches_its_own_list_from_the_round(client, world, round_):  # rule A2
    line = f"{_medal().pk}-regular"
    services.quotas_set(
        actor=world.user("chaoyang"),
        round=round_,
        org=world.chaoyang,
        parts={(line, world.donghu.pk): 4, (line, world.changying.pk): 2},
    )
    page = _client(client, "donghu").get(f"/awards/rounds/{round_.pk}/")
    assert f'href="/awards/rounds/{round_.pk}/list/{world.donghu.pk}/">东湖街道总工会名单' in page.text
    assert "常营地区总工会" not in page.text
    own = client.get(f"/awards/rounds/{round_.pk}/list/{world.donghu.pk}/")
    assert "首都劳动奖章（常规）：名额4名，已推荐0名" in own.text
