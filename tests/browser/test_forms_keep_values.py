"""A refused form keeps what was typed (issue 16 §3): a worker on a 360 px phone types an ID number with a wrong
check digit into the join form; the page says why in Chinese beside the field, and the number is still there
to correct, with the other answers."""

import pytest
from django.core.cache import cache
from joining import PHONE, check_phone_page, join_on_phone
from playwright.sync_api import expect

from gonghui.core.scope import SYSTEM
from gonghui.core.tests.test_page_language import english_words
from gonghui.members.models import Person
from gonghui.members.tests.factories import resident_id
from gonghui.outreach import services


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The SMS rate-limit counters live in the cache, which the live server shares: start with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.browser
def test_a_workers_refused_id_number_is_still_in_the_field(world, new_page, url, screenshot):
    phone = new_page(phone=PHONE)
    code = services.code_create(actor=SYSTEM, union=world.dashilan, label="骑手驿站")
    number = resident_id()
    typo = number[:-1] + ("1" if number[-1] != "1" else "2")
    join_on_phone(phone, url, code, name="马骑手", mobile="13912345671", group="网约配送员", id_number=typo)

    phone.wait_for_url(url(f"/j/{code.token}/form/"))
    field = phone.get_by_label("身份证号码")
    expect(field).to_have_value(typo)
    beside = field.locator("xpath=following-sibling::div[contains(@class, 'invalid-feedback')]")
    expect(beside).to_be_visible()
    expect(beside).to_contain_text("校验位不正确")
    expect(phone.get_by_label("姓名")).to_have_value("马骑手")
    expect(phone.get_by_label("工作单位或平台")).to_have_value("美团")
    expect(phone.get_by_label("职业类别").locator("option:checked")).to_have_text("网约配送员")
    check_phone_page(phone)
    assert not english_words(phone.content())
    screenshot(phone, "join-phone-refused-id.png")

    # one character put right, and the worker's application goes in
    field.fill(number)
    phone.get_by_role("button", name="提交入会申请").click()
    phone.wait_for_url(url(f"/j/{code.token}/done/"))
    assert Person.objects.filter(full_name="马骑手").exists()
