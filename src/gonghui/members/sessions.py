"""A worker signed in to their own pages (with their mobile and an SMS code): who they are in this session.

Separate from staff accounts: the session holds the person's id under its own key, and core's access middleware
reads it through `signed_in_member` for every page whose rule is MEMBER (registered in MembersConfig.ready).
"""

from .models import Person

MEMBER_SESSION_KEY = "member_person"


def sign_in_member(request, person: Person) -> None:
    request.session.cycle_key()  # a new session key at sign-in: a key planted before it is worth nothing
    request.session[MEMBER_SESSION_KEY] = person.pk


def signed_in_member(request) -> Person | None:
    session = getattr(request, "session", None)
    pk = session.get(MEMBER_SESSION_KEY) if session is not None else None
    return Person.objects.filter(pk=pk).first() if pk else None
