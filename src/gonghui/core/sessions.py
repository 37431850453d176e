"""Idle sign-out without a database write on every request.

The session ends SESSION_IDLE_MINUTES after its last save. Saving it on every request (SESSION_SAVE_EVERY_REQUEST)
made each poll of a progress bar a write; on the embedded SQLite those writes queue behind the task worker's and a
long export's own progress page could fail with "database is locked". Renewing at most once a minute keeps the
idle timeout to the minute and makes a poll a read.
"""

import time

from django.contrib.auth.signals import user_logged_in

RENEWED_AT = "gonghui_renewed_at"
RENEW_EVERY = 60  # seconds


def _stamp(sender, request, user, **kwargs) -> None:
    """A sign-in saves the session: it counts as the first renewal."""
    if request is not None and hasattr(request, "session"):
        request.session[RENEWED_AT] = int(time.time())


user_logged_in.connect(_stamp, dispatch_uid="gonghui.core.sessions.stamp")


class SessionRenewalMiddleware:
    """After SessionMiddleware: marks a signed-in session for saving when its last renewal is a minute old."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            # saved anyway (a sign-in, a message, a step of a form): note it as a renewal, at no cost
            if session.modified or now - session.get(RENEWED_AT, 0) >= RENEW_EVERY:
                session[RENEWED_AT] = now
        return response
