"""Key rotation: after `rotatekeys` every value is under the new keys and still found and readable."""

import io

import pytest
from django.core.management import call_command

from gonghui.core import personal
from gonghui.members.models import Person
from gonghui.members.selectors import MemberFilters, members_for

from .factories import enrol

pytestmark = pytest.mark.django_db


def _use_keys(settings, data: str, lookup: str) -> None:
    settings.GONGHUI_DATA_KEYS, settings.GONGHUI_LOOKUP_KEY = data, lookup
    personal.forget_keys()


def test_rotation_moves_every_row_to_the_new_keys(world, settings):
    old, new, lookup = personal.generate_key(), personal.generate_key(), personal.generate_key()
    _use_keys(settings, f"k1:{old}", lookup)
    try:
        m = enrol(world.base_donghu, mobile="13612341234")
        number = m.person.reveal_document()
        _use_keys(settings, f"k2:{new},k1:{old}", personal.generate_key())
        out = io.StringIO()
        call_command("rotatekeys", stdout=out)
        assert "已更新 1 人" in out.getvalue()
        p = Person.objects.get()
        assert p.id_cipher.startswith("k2$") and p.mobile_cipher.startswith("k2$")
        _use_keys(settings, f"k2:{new}", settings.GONGHUI_LOOKUP_KEY)  # the old key is gone now
        assert p.reveal_document() == number and p.reveal_mobile() == "13612341234"
        found = members_for(actor=world.user("donghu"), filters=MemberFilters(search="13612341234"))
        assert list(found) == [m]
    finally:
        _use_keys(settings, "", "")
