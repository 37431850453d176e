"""Issue 19's personal-data scan: every page, list export, API response and phone page of the services, opened
while the records hold full ID numbers, mobiles, incomes, legal facts and the text of requests. The suite's leak
watch (conftest.py) fails the test if any of them shows a full ID number or mobile, or one of the planted values
(an income, the facts of a case, a request's text) anywhere but the audited full views."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from gonghui.core.scope import SYSTEM
from gonghui.core.testing import leaks
from gonghui.core.testing.world import make_user
from gonghui.members.tests.factories import enrol, mobile, resident_id
from gonghui.support import cases_services, hardship_services, requests_services, stations_services
from gonghui.support import volunteers_services as vs
from gonghui.support.models import LegalCase
from gonghui.support.models.cases import PartyKind, PartySide
from gonghui.support.models.requests import RequestChannel

from . import access_rows
from .test_hardship import sign_in_member

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 18, 2, tzinfo=dt.UTC)
INCOME = 2987  # a household's month, as the file's detail writes it: "2,987"
FACTS = "申请人于2026年3月被拖欠工资人民币壹万柒仟叁佰元整"
ASKED = "配送站扣发了我六月的全勤奖和高温补贴"


def planted(world) -> dict:
    """One record of every part holding full personal data, in 东湖 (朝阳's subtree)."""
    worker = enrol(world.base_donghu, "韩立新", id_number=resident_id(), mobile=mobile())
    stations_services.consultation_record(
        actor=SYSTEM,
        data=stations_services.ConsultationData(
            org=world.donghu,
            date=dt.date(2026, 6, 1),
            channel="phone",
            topic="wages",
            outcome="answered",
            summary=FACTS,
            id_number=worker.person.reveal_document(),
        ),
    )
    case = cases_services.case_open(
        actor=SYSTEM,
        data=cases_services.CaseData(
            org=world.donghu,
            intake_date=dt.date(2026, 6, 2),
            claim_kind="wages",
            facts=FACTS,
            id_number=resident_id(),
            applicant_name="苗东风",
            is_migrant=True,
            employer_name="北京鑫达物流有限公司",
            opposing=[
                cases_services.PartyData(
                    PartySide.OPPOSING, PartyKind.PERSON, "王建国", id_number=resident_id()
                )
            ],
        ),
    )
    team = vs.team_create(actor=SYSTEM, data=vs.TeamData(org=world.donghu, name="东湖职工志愿服务队"))
    vs.member_add(actor=SYSTEM, team=team, data=vs.MemberData(number=worker.number))
    hardship_services.line_set(
        actor=SYSTEM, org=world.city, region_code="110000", year=2026, monthly_line=1500
    )
    poor = enrol(world.base_donghu, "郝春燕", id_number=resident_id(), mobile=mobile())
    hardship_file = hardship_services.file_create(
        actor=SYSTEM,
        membership=poor,
        data=hardship_services.HouseholdData(
            household_size=3, income_yuan=INCOME, category="deep", reasons="本人患尿毒症，每周透析"
        ),
        consent=True,
        submit=True,
    )
    asked = requests_services.request_log(
        actor=SYSTEM,
        data=requests_services.CallData(
            channel=RequestChannel.HOTLINE,
            category="wages",
            description=ASKED,
            logging_org=world.donghu,
            caller_name="来电人",
            caller_mobile=mobile(),
        ),
    )
    return {
        "worker": worker,
        "case": case,
        "file": hardship_file,
        "request": asked,
        "team": team,
        "poor": poor,
    }


def test_no_page_export_api_or_phone_page_of_the_services_shows_personal_data(world, login, client):
    world.users["bangfu_all"] = make_user("bangfu_all", world.chaoyang, "hardship")
    with time_machine.travel(NOW, tick=False):
        rec = planted(world)
        # a request's text is for the cadres handling it (its page shows it, audited): watched everywhere else below
        leaks.watch("2,987", str(INCOME), FACTS, "本人患尿毒症")
        rows = access_rows.page_rows(world)
        opened = []
        for name, (method, kwargs, _out, user) in sorted(rows.items()):
            if method != "GET" or user is None:
                continue
            client_for = login(
                "bangfu_all" if name.startswith(("support:hardship", "support:income")) else user
            )
            url = reverse(name, kwargs=kwargs)
            response = client_for.get(url)
            assert response.status_code in (200, 302), (url, response.status_code)
            if not getattr(
                response, "gonghui_reveals", False
            ):  # an audited full view is left out of the watch
                opened.append(url)
            page = b"" if getattr(response, "streaming", False) else response.content
            if response.status_code == 200 and b"?export=xlsx" in page:
                exported = client_for.get(f"{url}?export=xlsx")
                assert exported.status_code in (200, 302), (url, "export")
                opened.append(f"{url}?export=xlsx")
        # the planted records' own pages, where their details show
        staff = login("chaoyang")
        for url in (
            reverse("support:case", args=[rec["case"].pk]),
            reverse("support:request", args=[rec["request"].pk]),
            reverse("support:team", args=[rec["team"].pk]),
            f"/api/services/cases/{rec['case'].pk}",
            f"/api/services/requests/{rec['request'].pk}",
            f"/api/services/summary?org={world.chaoyang.pk}&year=2026",
        ):
            assert staff.get(url).status_code == 200, url
            opened.append(url)
        listed = staff.get(reverse("support:requests")).content.decode()
        exported = staff.get(reverse("support:requests") + "?export=xlsx")
        api = staff.get(f"/api/services/requests/{rec['request'].pk}").content.decode()
        assert "诉2026-" in listed and ASKED not in listed and ASKED not in api
        assert ASKED not in leaks.readable(
            b"".join(exported.streaming_content) if exported.streaming else exported.content
        )
        handler = login("bangfu_all")
        assert handler.get(f"/api/services/hardship/{rec['file'].pk}").status_code == 200
        for _method, path, _out, _body, user in access_rows.api_rows(world):
            (handler if "hardship" in path else login(user)).get(path)
        # the worker's own phone pages
        sign_in_member(client, rec["poor"])
        for url in ("/me/requests/", "/me/requests/new/", reverse("hardship_me"), "/me/"):
            assert client.get(url).status_code == 200, url
            opened.append(url)
    seen = {where.split(" ")[1] for where, _ in leaks.collected()}
    assert {url.split("?")[0] for url in opened} <= {s.split("?")[0] for s in seen}
    assert len(opened) >= 30
    # the watch itself would have failed the test on a leak; the audited full views are the only place they show
    assert LegalCase.objects.get(pk=rec["case"].pk).facts_cipher and FACTS not in str(
        LegalCase.objects.filter(pk=rec["case"].pk).values().get()
    )
