"""This app's rows of the access matrix (core/tests/test_access.py) for the sign-in and security pages."""


def page_rows(world) -> dict:
    """{url name: (method, kwargs in scope, kwargs out of scope or None, username in scope)}"""
    from gonghui.accounts.models import User
    from gonghui.core.testing.world import make_user

    if not User.objects.filter(username="cy_security").exists():
        make_user("cy_security", world.chaoyang, "secadmin")
    donghu, xicheng = world.users["donghu"].pk, world.users["xicheng"].pk
    return {
        "accounts:verify": ("GET", {}, None, None),
        "accounts:enrol": ("GET", {}, None, None),
        "accounts:password": ("GET", {}, None, "chaoyang"),
        # unlocking moved to the security administrator (三员分立); the staff manager enables and disables
        "accounts:staff_action": (
            "POST",
            {"user_id": donghu, "action": "enable"},
            {"user_id": xicheng, "action": "enable"},
            "chaoyang",
        ),
        "accounts:security": ("GET", {}, None, "cy_security"),
        "accounts:security_action": (
            "POST",
            {"user_id": donghu, "action": "unlock"},
            {"user_id": xicheng, "action": "unlock"},
            "cy_security",
        ),
    }
