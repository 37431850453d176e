"""S3 入会率 cannot exceed 100% when every unionised employer's headcount is at least its members: the numerator
is the members of employers' own base unions and of joint unions covering employers, the denominator those
employers' workers; members who joined a street federation directly are counted apart."""

import random

import pytest

from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import build_world
from gonghui.members.tests.factories import enrol
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Level
from gonghui.stats import selectors, services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", range(4))
def test_join_rate_is_at_most_one_when_headcounts_cover_the_members(seed):
    rng = random.Random(seed)
    w = build_world()
    create = org_services.org_create
    joint = create(actor=SYSTEM, parent=w.donghu, name="东湖楼宇联合工会", level=Level.JOINT)
    members = 0
    for i in range(rng.randint(1, 4)):  # employers with their own base union
        n = rng.randint(0, 4)
        base = create(actor=SYSTEM, parent=w.donghu, name=f"单位{i}工会", level=Level.BASE)
        org_services.employer_create(
            actor=SYSTEM, org=w.donghu, union=base, name=f"单位{i}", headcount=n + rng.randint(0, 3)
        )
        for k in range(n):
            enrol(base, f"职工{i}_{k}")
        members += n
    covered = rng.randint(1, 3)  # small employers under the joint union: its members spread over them
    headcounts = [rng.randint(1, 4) for _ in range(covered)]
    for j, headcount in enumerate(headcounts):
        org_services.employer_create(
            actor=SYSTEM, org=w.donghu, union=joint, name=f"小微{j}", headcount=headcount
        )
    in_joint = rng.randint(0, sum(headcounts))
    for k in range(in_joint):
        enrol(joint, f"联合{k}")
    direct = rng.randint(1, 6)  # riders who joined the street federation directly (M3), many of them
    for k in range(direct):
        enrol(w.donghu, f"骑手{k}", is_new_form=True, priority_group="rider")
    org_services.employer_create(actor=SYSTEM, org=w.donghu, name="未建会单位", headcount=rng.randint(0, 9))
    for fold in (services.stats_fold, services.stats_recompute):  # journalled and recomputed agree
        fold()
        f = selectors.figures(w.chaoyang)
        assert f.members == members + in_joint + direct
        assert f.employer_members == members + in_joint and f.direct_members == direct
        assert f.membership_rate is None or f.membership_rate <= 1
        assert not f.membership_rate_unsound
