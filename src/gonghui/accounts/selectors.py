"""Reads about staff: who the actor may manage, their grants, their tokens."""

from gonghui.orgs.models import RoleGrant

from .models import ApiToken, User


def staff_for(*, actor):
    """Staff accounts whose organisation lies in a subtree where the actor holds staff.manage."""
    return User.objects.restrict(actor, "staff.manage").select_related("org")


def signing_in(*, pk) -> User | None:
    """The active account half-way through signing in (password checked, second factor pending): read by the
    key its own session holds, before there is an actor to scope by."""
    return User.objects.filter(pk=pk, is_active=True).select_related("org").first()


def grants_of(*, user):
    """Every role a user holds: the user's own page, or a staff account already reached through `staff_for`."""
    return RoleGrant.objects.filter(user=user).select_related("org", "role")


def tokens_for(*, user):
    return ApiToken.objects.filter(user=user)


def security_staff_for(*, actor):
    """Staff accounts whose organisation lies in a subtree where the actor holds security.manage."""
    return User.objects.restrict(actor, "security.manage").select_related("org")
