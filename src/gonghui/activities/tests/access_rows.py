"""This app's rows of the access matrix (core/tests/test_access.py): each page and API operation, in scope and
out of scope."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.core.testing import images

PNG = images.png()


class ActivityWorld:
    """An activity on each side of the scope line (东湖 in 朝阳, 大栅栏 in 西城), each with a group, a session,
    registrations, a photo, and a member whose e-card code checks in."""

    def __init__(self, world):
        from gonghui.activities import services
        from gonghui.activities.models import ActivityKind, RegistrationMode
        from gonghui.members.cards import card_code
        from gonghui.members.tests.factories import enrol

        kind = ActivityKind.objects.get(code="family")
        today = timezone.localdate()

        def side(org, holder, tag):
            activity = services.activity_create(
                actor=SYSTEM,
                data=services.ActivityData(
                    org=org,
                    kind=kind,
                    title=f"矩阵亲子活动{tag}",
                    starts_on=today + dt.timedelta(days=7),
                    registration=RegistrationMode.OPEN,
                    family=True,
                    max_party_size=4,
                    groups=[services.GroupData("毛猴", 10)],
                    sessions=[services.SessionData("非遗讲解")],
                ),
            )
            group = activity.groups.get()

            def registered(name):
                m = enrol(holder, name)
                r = services.registration_add(actor=SYSTEM, activity=activity, person=m.person, group=group)
                return m, r

            card_member, checkin = registered(f"签到{tag}")
            _, tick = registered(f"勾选{tag}")
            _, cancel = registered(f"取消{tag}")
            photo = services.photo_add(
                actor=SYSTEM, activity=activity, upload=SimpleUploadedFile("a.png", PNG), caption="合影"
            )
            speaker = services.speaker_add(actor=SYSTEM, activity=activity, name=f"主讲{tag}")
            return {
                "activity": activity,
                "session": activity.sessions.get(),
                "group": group,
                "card": card_code(card_member),
                "checkin": checkin,
                "tick": tick,
                "cancel": cancel,
                "photo": photo,
                "speaker": speaker,
            }

        self.inside = side(world.donghu, world.changying, "甲")
        self.outside = side(world.dashilan, world.dashilan, "乙")
        # kinds are the city's: only its administrators (org.manage on the city node) manage them
        self.kind = services.kind_create(actor=SYSTEM, name="矩阵类型")


def activity_world(world) -> ActivityWorld:
    if not hasattr(world, "_activities"):
        world._activities = ActivityWorld(world)
    return world._activities


def page_rows(world) -> dict:
    """{url name: (method, kwargs in scope, kwargs out of scope or None, username in scope)}"""
    aw = activity_world(world)
    i, o = aw.inside, aw.outside

    def on(side, **extra):
        return {"pk": side["activity"].pk, **extra}

    rows = {
        name: ("GET", {}, None, "chaoyang")
        for name in ("activities:index", "activities:export", "activities:new")
    }
    for name in ("detail", "edit", "checkin", "attendance", "completion"):
        rows[f"activities:{name}"] = ("GET", on(i), on(o), "chaoyang")
    for name in ("register", "reach", "photo_add", "speaker_add", "void"):
        rows[f"activities:{name}"] = ("POST", on(i), on(o), "chaoyang")
    rows["activities:registration_action"] = (
        "POST",
        on(i, reg=i["tick"].pk, action="checkin"),
        on(o, reg=o["tick"].pk, action="checkin"),
        "chaoyang",
    )
    rows["activities:attendance_mark"] = (
        "POST",
        on(i, session=i["session"].pk, reg=i["tick"].pk),
        on(o, session=o["session"].pk, reg=o["tick"].pk),
        "chaoyang",
    )
    rows["activities:photo"] = (
        "GET",
        on(i, photo_id=i["photo"].pk),
        on(o, photo_id=o["photo"].pk),
        "chaoyang",
    )
    rows["activities:photo_remove"] = (  # after the photo's own row: in scope, this removes it
        "POST",
        on(i, photo_id=i["photo"].pk),
        on(o, photo_id=o["photo"].pk),
        "chaoyang",
    )
    rows["activities:speaker_remove"] = (
        "POST",
        on(i, speaker_id=i["speaker"].pk),
        on(o, speaker_id=o["speaker"].pk),
        "chaoyang",
    )
    # a district's administrator (chaoyang, org.manage below the city) is refused these as norole is: 404
    rows["activities:kinds"] = ("GET", {}, None, "city_admin")
    rows["activities:kind_edit"] = ("GET", {"pk": aw.kind.pk}, None, "city_admin")
    rows["activities:kind_action"] = ("POST", {"pk": aw.kind.pk, "action": "deactivate"}, None, "city_admin")
    # the member's phone pages are public; without a member signed in they answer with the sign-in page
    rows["activities:me"] = ("GET", {}, None, None)
    rows["activities:me_detail"] = ("GET", on(i), None, None)
    return rows


def api_rows(world) -> list:
    """[(method, path in scope, path out of scope or None, body, username in scope[, body out of scope])]"""
    aw = activity_world(world)
    i, o = aw.inside, aw.outside
    a_in, a_out = f"/api/activities/{i['activity'].pk}", f"/api/activities/{o['activity'].pk}"
    new = {
        "org_id": world.donghu.pk,
        "kind": "visit",
        "title": "接口调研",
        "starts_on": "2026-06-01",
        "backdate_reason": "据纸质签到表补录",
    }
    return [
        ("GET", "/api/activities/kinds", None, None, "chaoyang"),
        ("GET", "/api/activities/", None, None, "chaoyang"),
        (
            "POST",
            "/api/activities/",
            "/api/activities/",
            new,
            "chaoyang",
            {**new, "org_id": world.dashilan.pk},
        ),
        ("GET", a_in, a_out, None, "chaoyang"),
        ("GET", f"{a_in}/registrations", f"{a_out}/registrations", None, "chaoyang"),
        (
            "POST",
            f"{a_in}/registrations",
            f"{a_out}/registrations",
            {"guest_name": "接口来宾", "guest_unit": "外单位", "group_id": i["group"].pk},
            "chaoyang",
        ),
        (
            "POST",
            f"/api/activities/registrations/{i['cancel'].pk}/cancel",
            f"/api/activities/registrations/{o['cancel'].pk}/cancel",
            {},
            "chaoyang",
        ),
        ("POST", f"{a_in}/checkin", f"{a_out}/checkin", {"code": i["card"]}, "chaoyang", {"code": o["card"]}),
        (
            "POST",
            f"{a_in}/attendance",
            f"{a_out}/attendance",
            {"session_id": i["session"].pk, "registration_id": i["checkin"].pk},
            "chaoyang",
            {"session_id": o["session"].pk, "registration_id": o["checkin"].pk},
        ),
        ("POST", f"{a_in}/reach", f"{a_out}/reach", {"count": 120, "method": "现场统计"}, "chaoyang"),
        # last: in scope, this voids the activity the rows above work on
        ("POST", f"{a_in}/void", f"{a_out}/void", {"reason": "矩阵作废"}, "chaoyang"),
    ]
