"""Which organisations hold members (M2, M3): the enrolment service, the enrolment form's choice of unions and the
transfer targets agree with Org.holds_members, level by level."""

import pytest

from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM
from gonghui.members import selectors
from gonghui.orgs.models import Level, Org
from gonghui.orgs.services import org_create

from .factories import enrol

pytestmark = pytest.mark.django_db


def test_only_base_joint_and_street_unions_hold_members(world):
    make = lambda parent, level: org_create(actor=SYSTEM, parent=parent, name=f"测试{level}", level=level)  # noqa: E731
    by_level = {
        Level.CITY: world.city,
        Level.DISTRICT: world.chaoyang,
        Level.ZONE: make(world.city, Level.ZONE),
        Level.INDUSTRY: make(world.city, Level.INDUSTRY),
        Level.STREET: world.donghu,
        Level.JOINT: make(world.donghu, Level.JOINT),
        Level.BASE: world.base_donghu,
        Level.BRANCH: make(world.base_donghu, Level.BRANCH),
    }
    assert set(by_level) == set(Level.values)
    holding = {Level.BASE, Level.JOINT, Level.STREET}
    offered = set(selectors.member_unions(actor=world.user("city_admin")))
    targets = set(selectors.transfer_targets(search=None))
    for level, org in by_level.items():
        org = Org.objects.get(pk=org.pk)
        assert org.holds_members is (level in holding), level
        assert Org.objects.holding_members().filter(pk=org.pk).exists() is org.holds_members, level
        assert (org in offered) is org.holds_members and (org in targets) is org.holds_members, level
        try:
            enrol(org, f"会员{level}")
        except DomainError as exc:
            assert exc.code == "not_a_union" and not org.holds_members, level
        else:
            assert org.holds_members, level
