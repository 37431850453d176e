"""Reads about staff: who the actor may manage, their grants, their tokens."""

from .models import ApiToken, User


def staff_for(*, actor):
    """Staff accounts whose organisation lies in a subtree where the actor holds staff.manage."""
    return User.objects.restrict(actor, "staff.manage").select_related("org")


def tokens_for(*, user):
    return ApiToken.objects.filter(user=user)


def security_staff_for(*, actor):
    """Staff accounts whose organisation lies in a subtree where the actor holds security.manage."""
    return User.objects.restrict(actor, "security.manage").select_related("org")
