"""三员分立 (GB/T 22239 §8.1.4.2): nobody grants a role to themselves, and nobody holds two of 系统管理员,
安全管理员 and 审计员."""

import pytest

from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.orgs.models import Role, RoleGrant

pytestmark = pytest.mark.django_db


def test_a_district_admin_cannot_make_itself_auditor_and_read_its_own_trail(login, world):
    c = login("chaoyang")
    me = world.user("chaoyang")
    auditor = Role.objects.get(code="auditor")
    page = c.post(f"/accounts/staff/{me.pk}/", {"role": auditor.pk, "org": world.chaoyang.pk})
    assert page.status_code == 200 and "不能给自己授予角色" in page.content.decode()
    assert not RoleGrant.objects.filter(user=me, role=auditor).exists()
    assert c.get("/audit/").status_code == 404
    assert not AuditEvent.objects.filter(action="role.grant", actor=me).exists()


def test_nobody_holds_two_of_the_three_administrators_duties(world):
    from gonghui.core.errors import DomainError
    from gonghui.core.testing.world import make_user
    from gonghui.orgs import services

    city_admin, donghu = world.user("city_admin"), world.user("donghu")
    role = {code: Role.objects.get(code=code) for code in ("admin", "auditor", "secadmin", "viewer")}
    with pytest.raises(DomainError, match="三员分立"):  # 管理员 manages staff: it is the 系统管理员 duty
        services.role_grant(
            actor=city_admin, user=world.user("chaoyang"), org=world.chaoyang, role=role["auditor"]
        )
    services.role_grant(actor=city_admin, user=donghu, org=world.donghu, role=role["secadmin"])
    with pytest.raises(DomainError, match="已是安全管理员"):  # on another node too
        services.role_grant(actor=city_admin, user=donghu, org=world.changying, role=role["auditor"])
    with pytest.raises(DomainError, match="三员分立"):  # the system itself keeps the rule
        services.role_grant(actor=SYSTEM, user=world.user("auditor"), org=world.city, role=role["admin"])
    services.role_grant(actor=city_admin, user=world.user("auditor"), org=world.chaoyang, role=role["viewer"])
    root = make_user("root", None)
    root.is_superuser = True
    root.save()
    with pytest.raises(DomainError, match="不能给自己授予角色"):
        services.role_grant(actor=root, user=root, org=world.city, role=role["auditor"])


def test_check_deploy_lists_people_who_hold_two_duties(world):
    from gonghui.accounts.checks import separated_administrators

    assert separated_administrators(databases=["default"]) == []
    RoleGrant.objects.create(user=world.user("auditor"), org=world.city, role=Role.objects.get(code="admin"))
    (warning,) = separated_administrators(databases=["default"])
    assert warning.id == "gonghui.W102" and "auditor" in warning.msg


@pytest.mark.parametrize("name", ["0002_builtin_roles", "0004_separated_administrators"])
def test_the_roles_migrations_hold_the_same_roles_as_the_code(name):
    """The migrations write their roles out (no import of live code); they must still match BUILTIN_ROLES,
    and every code they grant is registered by some app."""
    import importlib

    from gonghui.core.scope import permission_labels
    from gonghui.orgs.permissions import BUILTIN_ROLES

    migration = importlib.import_module(f"gonghui.orgs.migrations.{name}")
    assert not hasattr(migration, "BUILTIN_ROLES")
    codes = [code for code, *_ in migration.ROLES]
    assert [r for r in BUILTIN_ROLES if r[0] in codes] == migration.ROLES
    for code, _name, permissions, _ in migration.ROLES:
        assert sorted(Role.objects.get(code=code).permissions) == sorted(permissions)
        assert set(permissions) <= set(permission_labels())
