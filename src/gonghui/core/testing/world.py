"""A small organisation world for tests: the city, two districts, streets, a few base unions and staff."""

from dataclasses import dataclass, field

from gonghui.accounts.models import User
from gonghui.orgs import services
from gonghui.orgs.models import Level, Org, Role

from ..scope import SYSTEM

PASSWORD = "test-Password-2026"  # noqa: S105 - test accounts only


@dataclass
class World:
    city: Org
    chaoyang: Org
    donghu: Org
    changying: Org
    xicheng: Org
    dashilan: Org
    base_donghu: Org
    base_xicheng: Org
    users: dict[str, User] = field(default_factory=dict)

    def user(self, name: str) -> User:
        return User.objects.get(pk=self.users[name].pk)  # a fresh object: no cached grants


def make_user(username: str, org: Org | None, role: str | None = None, grant_on: Org | None = None) -> User:
    user = User(username=username, full_name=username, org=org)
    user.set_password(PASSWORD)
    user.save()
    if role is not None:
        services.role_grant(actor=SYSTEM, user=user, org=grant_on or org, role=Role.objects.get(code=role))
    return user


def build_world() -> World:
    create = services.org_create
    city = create(actor=SYSTEM, parent=None, name="北京市总工会", level=Level.CITY, district_code="110000")
    chaoyang = create(
        actor=SYSTEM, parent=city, name="朝阳区总工会", level=Level.DISTRICT, district_code="110105"
    )
    donghu = create(
        actor=SYSTEM, parent=chaoyang, name="东湖街道总工会", level=Level.STREET, district_code="110105"
    )
    changying = create(
        actor=SYSTEM, parent=chaoyang, name="常营地区总工会", level=Level.STREET, district_code="110105"
    )
    xicheng = create(
        actor=SYSTEM, parent=city, name="西城区总工会", level=Level.DISTRICT, district_code="110102"
    )
    dashilan = create(
        actor=SYSTEM, parent=xicheng, name="大栅栏街道总工会", level=Level.STREET, district_code="110102"
    )
    base_donghu = create(actor=SYSTEM, parent=donghu, name="望京科技有限公司工会", level=Level.BASE)
    base_xicheng = create(actor=SYSTEM, parent=dashilan, name="大栅栏商贸有限公司工会", level=Level.BASE)
    world = World(city, chaoyang, donghu, changying, xicheng, dashilan, base_donghu, base_xicheng)
    world.users = {
        "city_admin": make_user("city_admin", city, "admin"),
        "chaoyang": make_user("chaoyang", chaoyang, "admin"),
        "xicheng": make_user("xicheng", xicheng, "operator"),
        "donghu": make_user("donghu", donghu, "operator"),
        "viewer": make_user("viewer", chaoyang, "viewer"),
        "auditor": make_user("auditor", city, "auditor"),
        "norole": make_user("norole", None),
    }
    return world
