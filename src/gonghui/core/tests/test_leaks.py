"""The leak watch itself (DOMAIN I3): it sees pages, API responses, logs and exports, and it catches."""

import logging

import pytest
from django.http import HttpResponse
from stdnum.cn import ric

from gonghui.core.testing import leaks
from gonghui.members.exports import register_workbook
from gonghui.members.tests.factories import enrol, resident_id

pytestmark = pytest.mark.django_db


def test_the_watch_sees_every_response_of_a_test(world, login):
    enrol(world.base_donghu)
    c = login("donghu")
    c.get("/members/")
    c.get("/api/members/")
    seen = [where for where, _ in leaks.collected()]
    assert any(w.startswith("GET /members/") for w in seen)
    assert any(w.startswith("GET /api/members/") for w in seen)


def test_it_catches_a_full_id_or_mobile_in_a_page(rf):
    number = resident_id()
    middleware = leaks.LeakWatchMiddleware(lambda r: HttpResponse(f"<td>{number}</td><td>13812345678</td>"))
    middleware(rf.get("/somewhere/"))
    found = leaks.leaks()
    leaks.reset()  # planted on purpose: keep this test's own check clean
    assert len(found) == 1 and number in found[0] and "13812345678" in found[0]


def test_it_catches_a_log_line(world):
    logging.getLogger("gonghui.members").warning("enrolled 13987654321")
    found = leaks.leaks()
    leaks.reset()
    assert found and "13987654321" in found[0]


def test_it_reads_inside_an_xlsx_export(world):
    m = enrol(world.base_donghu, mobile="13711112222")
    m = type(m).objects.select_related("person", "org").get(pk=m.pk)
    leaks.collect("full export", register_workbook("t", [m], full=True))
    found = leaks.leaks()
    leaks.reset()
    assert found and "13711112222" in found[0] and m.person.reveal_document() in found[0]
    leaks.collect("masked export", register_workbook("t", [m]))
    assert leaks.leaks() == []


def test_it_catches_a_number_whose_county_is_newer_than_the_birth(rf):
    body = "41010219750101001"  # 中原区 exists since 1983; the register accepts such numbers (decision 0003)
    number = body + ric.calc_check_digit(body + "0")
    assert not ric.is_valid(number)
    assert leaks.find_leaks(f"<td>{number}</td>") == [number]


def test_masked_and_other_numbers_are_not_leaks():
    number = resident_id()
    not_an_id = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert not ric.is_valid(not_an_id)
    text = f"{number[:3]}***********{number[-4:]} 138****1234 1101050000000012 {not_an_id} 2026-11-21"
    assert leaks.find_leaks(text) == []


def test_a_fraction_in_a_sheet_is_not_a_mobile():
    # a date and time in an .xlsx's XML is a day number with a fraction of the day
    assert leaks.find_leaks("<v>46214.14644977697</v>") == []
    assert leaks.find_leaks("联系电话：13812345678。") == ["13812345678"]


def _watched(request, body: str) -> list[str]:
    leaks.LeakWatchMiddleware(lambda r: HttpResponse(body))(request)
    found = leaks.leaks()
    leaks.reset()  # planted on purpose: keep this test's own check clean
    return found


def test_a_refused_form_may_give_back_what_its_sender_typed(rf):
    """Issue 16 §3: the number this very POST carried, back in its own <input value>, is not a leak."""
    number = resident_id()
    request = rf.post("/join/x/form/", {"id_number": number, "mobile": "13812345678"})
    page = f'<input name="id_number" value="{number}"><input type="tel" name="mobile" value="13812345678">'
    assert _watched(request, page) == []


def test_the_exemption_covers_nothing_else(rf):
    """Still caught: the typed number outside an input, another number in an input, any number on a GET."""
    number, other = resident_id(), resident_id()
    posted = rf.post("/join/x/form/", {"id_number": number})
    assert _watched(posted, f'<input name="id_number" value="{number}"><p>证件号码：{number}</p>')
    assert _watched(posted, f'<input name="id_number" value="{other}">')
    assert _watched(posted, f'<input value="{number}"><input value="13812345678">')
    assert _watched(rf.get(f"/join/x/form/?id_number={number}"), f'<input value="{number}">')


def test_a_watched_value_counts_wherever_it_shows(rf):
    """Income has no shape of its own: a test plants an exact value (`watch`) and the watch catches it."""
    leaks.watch("83,517.29")
    middleware = leaks.LeakWatchMiddleware(lambda r: HttpResponse("<td>家庭年收入 83,517.29 元</td>"))
    middleware(rf.get("/somewhere/"))
    found = leaks.leaks()
    leaks.reset()
    assert found and "83,517.29" in found[0]
    leaks.unwatch()
    middleware(rf.get("/somewhere/"))
    assert leaks.leaks() == []
