"""Property tests for resident ID validation (I1) and masking (I3)."""

import datetime as dt

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from gonghui.core import personal
from gonghui.core.errors import DomainError
from gonghui.members.identity import DocType, parse_document, parse_mobile

REGIONS = ["110101", "110102", "110105", "110108", "410102", "130102", "370102", "510104"]

births = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2008, 12, 31))


@st.composite
def resident_ids(draw) -> str:
    body = f"{draw(st.sampled_from(REGIONS))}{draw(births):%Y%m%d}{draw(st.integers(0, 999)):03d}"
    number = body + ric.calc_check_digit(body + "0")
    return number


@given(resident_ids())
def test_a_valid_number_is_accepted_and_tells_birth_date_and_gender(number):
    doc = parse_document(DocType.RIC, number.lower())
    assert doc.number == number.upper()  # lowercase x accepted, stored upper case
    assert doc.birth_date == dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert doc.gender == ("m" if int(number[16]) % 2 else "f")


@given(resident_ids(), st.integers(0, 16), st.integers(1, 9))
def test_changing_any_one_digit_is_caught(number, position, delta):
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(DomainError) as exc:
        parse_document(DocType.RIC, changed)
    assert "id_number" in exc.value.fields


@given(st.text(alphabet="0123456789Xx", min_size=0, max_size=17))
def test_short_numbers_are_refused(text):
    with pytest.raises(DomainError):
        parse_document(DocType.RIC, text)


@given(st.text(min_size=0, max_size=40))
def test_masking_keeps_length_and_hides_the_middle(value):
    masked = personal.mask(value)
    assert len(masked) == len(value)
    shown = sum(1 for a, b in zip(masked, value, strict=True) if a == b and a != "*")
    assert shown <= max(7, 0) and (len(value) < 11 or shown <= 7)
    if len(value) >= 11:
        assert masked[:3] == value[:3] and masked[-4:] == value[-4:]
        assert set(masked[3:-4]) == {"*"}
    if value:
        assert shown * 2 <= len(value) + 1 or len(value) >= 11


@given(resident_ids())
def test_a_masked_id_matches_the_rule(number):
    assert personal.mask(number) == number[:3] + "*" * 11 + number[-4:]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mobiles_are_normalised_and_masked(number):
    assert parse_mobile(f"+86 {number[:3]}-{number[3:7]}-{number[7:]}") == number
    assert personal.mask(number) == number[:3] + "****" + number[-4:]


@given(st.text(min_size=1, max_size=30))
def test_encryption_round_trips_and_never_shows_the_value(value):
    token = personal.encrypt(value, purpose="t")
    assert personal.decrypt(token, purpose="t") == value
    assert value not in token.partition("$")[2] or len(value) < 4
    with pytest.raises(InvalidTag):  # bound to its purpose: AES-GCM authentication fails
        personal.decrypt(token, purpose="other")


def test_lookup_hash_is_keyed_and_stable():
    a = personal.lookup_hash("110105199005170011", purpose="x")
    assert a == personal.lookup_hash("110105199005170011", purpose="x")
    assert a != personal.lookup_hash("110105199005170011", purpose="y")
    assert len(a) == 64


def test_a_county_code_newer_than_the_birth_is_accepted():
    """410102 (郑州中原区) exists since 1983; people born before then hold such numbers too."""
    body = "41010219750101001"
    number = body + ric.calc_check_digit(body + "0")
    assert not ric.is_valid(number)  # stdnum alone would refuse a real person
    assert parse_document(DocType.RIC, number).birth_date == dt.date(1975, 1, 1)


def test_an_unknown_county_or_impossible_date_is_refused():
    for body in ("99010219750101001", "11010519751301001"):
        with pytest.raises(DomainError, match="出生日期或地区码"):
            parse_document(DocType.RIC, body + ric.calc_check_digit(body + "0"))
