"""The organisation services: rules of DOMAIN §1, history entries, and the set-based subtree move (O1)."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from gonghui.accounts.models import User
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.concurrency import in_parallel, postgresql_only
from gonghui.orgs import services
from gonghui.orgs.models import Coverage, Employer, Level, Org, Place, PlaceKind, Role, RoleGrant, Status
from gonghui.orgs.tests.factories import bulk_subtree

pytestmark = pytest.mark.django_db


def uscc(body: str) -> str:
    from stdnum.cn import uscc as u

    return body + u.calc_check_digit(body)


def test_create_places_the_node_under_its_parent_and_records_history(world):
    actor = world.user("chaoyang")
    org = services.org_create(actor=actor, parent=world.donghu, name="东湖物流有限公司工会", level=Level.BASE)
    assert org.parent == world.donghu
    assert org.path.startswith(world.donghu.path) and org.depth == world.donghu.depth + 1
    entry = AuditEvent.objects.get(action="org.create", target_id=str(org.pk))
    assert entry.actor_username == "chaoyang" and entry.after["name"] == "东湖物流有限公司工会"


def test_create_refuses_a_level_the_parent_cannot_hold(world):
    with pytest.raises(DomainError) as err:
        services.org_create(actor=SYSTEM, parent=world.base_donghu, name="某街道", level=Level.STREET)
    assert "不能设立" in err.value.message and "分工会" in err.value.message


def test_create_outside_scope_is_not_found(world):
    with pytest.raises(NotFound):
        services.org_create(
            actor=world.user("chaoyang"), parent=world.dashilan, name="越权工会", level=Level.BASE
        )
    with pytest.raises(NotFound):  # an operator may not change the tree (O3 approval is the admin's)
        services.org_create(
            actor=world.user("donghu"), parent=world.donghu, name="经办人建会", level=Level.BASE
        )


def test_sibling_names_are_unique_and_usccs_are_checked(world):
    with pytest.raises(DomainError) as err:
        services.org_create(actor=SYSTEM, parent=world.chaoyang, name="东湖街道总工会", level=Level.STREET)
    assert "同名" in err.value.message
    with pytest.raises(DomainError) as err:
        services.org_create(
            actor=SYSTEM, parent=world.donghu, name="坏代码工会", level=Level.BASE, uscc="911101087000000001"
        )
    assert "统一社会信用代码" in err.value.message
    good = uscc("81110105MA01ABCD0")
    org = services.org_create(
        actor=SYSTEM, parent=world.donghu, name="好代码工会", level=Level.BASE, uscc=good
    )
    assert org.uscc == good


def test_term_is_three_or_five_years(world):
    with pytest.raises(DomainError) as err:
        services.org_update(actor=SYSTEM, org=world.base_donghu, term_years=4)
    assert "任期" in err.value.message


def test_rename_records_before_and_after(world):
    services.org_update(
        actor=world.user("chaoyang"), org=world.base_donghu, name="望京科技集团工会", reason="企业更名"
    )
    entry = AuditEvent.objects.filter(target_id=str(world.base_donghu.pk)).first()
    assert entry.action == "org.rename"
    assert entry.before == {"name": "望京科技有限公司工会"} and entry.after == {"name": "望京科技集团工会"}
    assert entry.reason == "企业更名"


def test_move_moves_the_subtree_and_everything_recorded_under_it(world):
    branch = services.org_create(
        actor=SYSTEM, parent=world.base_donghu, name="研发分工会", level=Level.BRANCH
    )
    employer = services.employer_create(
        actor=SYSTEM, org=world.base_donghu, name="望京科技有限公司", union=world.base_donghu
    )
    place = services.place_create(
        actor=SYSTEM, org=branch, name="研发楼职工之家", kind=PlaceKind.WORKERS_HOME, address="望京"
    )
    staff = User.objects.create(username="branch_staff", org=branch)
    services.role_grant(actor=SYSTEM, user=staff, org=branch, role=Role.objects.get(code="viewer"))

    services.org_move(
        actor=world.user("chaoyang"), org=world.base_donghu, new_parent=world.changying, reason="企业迁址"
    )

    moved = Org.objects.get(pk=world.base_donghu.pk)
    assert moved.parent_id == world.changying.pk and moved.path.startswith(world.changying.path)
    assert Org.objects.get(pk=branch.pk).path.startswith(moved.path)
    assert Org.objects.get(pk=branch.pk).depth == moved.depth + 1
    assert Employer.objects.get(pk=employer.pk).org_path == moved.path
    assert Place.objects.get(pk=place.pk).org_path.startswith(moved.path)
    assert RoleGrant.objects.get(user=staff).org_path.startswith(moved.path)
    assert User.objects.get(pk=staff.pk).org_path.startswith(moved.path)
    # Staff of 东湖 no longer see it; staff of 常营's parent (朝阳) still do.
    assert not Org.objects.restrict(world.user("donghu"), "view").filter(pk=moved.pk).exists()
    assert Org.objects.restrict(world.user("chaoyang"), "view").filter(pk=branch.pk).exists()
    entry = AuditEvent.objects.filter(action="org.move").get()
    assert entry.before == {"parent": "东湖街道总工会"} and entry.after == {"parent": "常营地区总工会"}


def test_move_refuses_cycles_roots_and_foreign_targets(world):
    with pytest.raises(DomainError) as err:
        services.org_move(actor=SYSTEM, org=world.chaoyang, new_parent=world.donghu)
    assert "下级" in err.value.message
    with pytest.raises(DomainError):
        services.org_move(actor=SYSTEM, org=world.city, new_parent=world.chaoyang)
    with pytest.raises(NotFound):
        services.org_move(actor=world.user("chaoyang"), org=world.base_donghu, new_parent=world.dashilan)
    assert Org.objects.get(pk=world.base_donghu.pk).parent_id == world.donghu.pk


def _queries_to_move(world, org: Org, target: Org) -> int:
    actor = world.user("city_admin")
    actor.grants.exists()
    with CaptureQueriesContext(connection) as ctx:
        services.org_move(actor=actor, org=org, new_parent=target)
    return len(ctx.captured_queries)


def test_moving_ten_thousand_nodes_takes_as_many_queries_as_moving_ten(world):
    small = services.org_create(actor=SYSTEM, parent=world.donghu, name="小联合工会", level=Level.JOINT)
    assert bulk_subtree(small, fanout=3, depth=2) + 1 == 13
    big = services.org_create(actor=SYSTEM, parent=world.donghu, name="大联合工会", level=Level.JOINT)
    size = bulk_subtree(big, fanout=100, depth=2, level_path=(Level.BASE, Level.BRANCH)) + 1
    assert size == 10_101

    small_queries = _queries_to_move(world, small, world.changying)
    big_queries = _queries_to_move(world, big, world.changying)

    assert big_queries == small_queries
    big = Org.objects.get(pk=big.pk)
    assert Org.objects.subtree(big).count() == size
    assert Org.objects.subtree(world.changying).filter(level=Level.BRANCH).count() == 10_000


def test_dissolve_keeps_the_node_and_requires_children_gone(world):
    with pytest.raises(Conflict) as err:
        services.org_dissolve(actor=SYSTEM, org=world.donghu, reason="撤并")
    assert "未撤销的下级组织" in err.value.message
    with pytest.raises(DomainError):
        services.org_dissolve(actor=SYSTEM, org=world.base_donghu, reason="  ")
    org = services.org_dissolve(actor=world.user("chaoyang"), org=world.base_donghu, reason="企业注销")
    assert org.status == Status.DISSOLVED and Org.objects.filter(pk=org.pk).exists()
    with pytest.raises(DomainError) as err:
        services.org_create(actor=SYSTEM, parent=org, name="分会", level=Level.BRANCH)
    assert "已撤销" in err.value.message


def test_employer_coverage_follows_its_union(world):
    own = services.employer_create(
        actor=SYSTEM,
        org=world.donghu,
        name="望京科技有限公司",
        union=world.base_donghu,
        uscc=uscc("91110105MA01ABCD0"),
    )
    joint_union = services.org_create(
        actor=SYSTEM, parent=world.donghu, name="东湖楼宇联合工会", level=Level.JOINT
    )
    covered = services.employer_create(actor=SYSTEM, org=world.donghu, name="小店", union=joint_union)
    none = services.employer_create(actor=SYSTEM, org=world.donghu, name="未建会商店")
    assert (own.coverage, covered.coverage, none.coverage) == (Coverage.OWN, Coverage.JOINT, Coverage.NONE)
    with pytest.raises(Conflict) as err:
        services.employer_create(actor=SYSTEM, org=world.donghu, name="另一家", union=world.base_donghu)
    assert "一个基层工会只对应一家单位" in err.value.message
    with pytest.raises(DomainError) as err:
        services.employer_create(actor=SYSTEM, org=world.donghu, name="坏代码", uscc="123")
    assert "统一社会信用代码" in err.value.message
    updated = services.employer_update(actor=world.user("donghu"), employer=none, union=joint_union)
    assert updated.coverage == Coverage.JOINT


def test_the_database_keeps_a_base_union_to_one_employer(world):
    """O5 and DOMAIN §1 (a base union: one per employer): held by a constraint, not only by the service's read."""
    services.employer_create(actor=SYSTEM, org=world.donghu, name="望京科技有限公司", union=world.base_donghu)
    with pytest.raises(IntegrityError), transaction.atomic():
        Employer.objects.create(
            org=world.donghu, name="另一家", union=world.base_donghu, coverage=Coverage.OWN
        )
    joint = services.org_create(actor=SYSTEM, parent=world.donghu, name="东湖楼宇联合工会", level=Level.JOINT)
    for name in ("小店", "另一家小店"):  # a joint union covers many employers
        services.employer_create(actor=SYSTEM, org=world.donghu, name=name, union=joint)
    assert list(Employer.objects.filter(union=world.base_donghu).values_list("name", flat=True)) == [
        "望京科技有限公司"
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_20_employers_claiming_one_base_union_at_once_leave_one_holding_it():
    postgresql_only()
    from gonghui.core.testing.world import build_world

    world = build_world()
    union = world.base_donghu

    def claim(i: int):
        return lambda: services.employer_create(
            actor=SYSTEM, org=world.donghu, name=f"并发建会{i:02d}有限公司", union=union
        )

    assert in_parallel([claim(i) for i in range(20)], refusal="一个基层工会只对应一家单位") == {
        "ok": 1,
        "refused": 19,
    }
    assert Employer.objects.filter(union=union).count() == 1


def test_role_grants_stay_inside_the_granters_subtree(world):
    viewer = Role.objects.get(code="viewer")
    services.role_grant(
        actor=world.user("chaoyang"), user=world.user("donghu"), org=world.changying, role=viewer
    )
    with pytest.raises(NotFound):
        services.role_grant(
            actor=world.user("chaoyang"), user=world.user("donghu"), org=world.dashilan, role=viewer
        )
    with pytest.raises(NotFound):  # xicheng's staff are not chaoyang's to manage
        services.role_grant(
            actor=world.user("chaoyang"), user=world.user("xicheng"), org=world.changying, role=viewer
        )
    assert (
        AuditEvent.objects.filter(action="role.grant", category="security", actor_username="chaoyang").count()
        == 1
    )
