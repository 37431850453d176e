"""Idle sign-out without a database write on every request.

The session ends SESSION_IDLE_MINUTES after its last save. Saving it on every request (SESSION_SAVE_EVERY_REQUEST)
made each poll of a progress bar a write; on the embedded SQLite those writes queue behind the task worker's and a
long export's own progress page could fail with "database is locked". Renewing at most once a minute keeps the
idle timeout to the minute and makes a poll a read.
"""

import time

RENEWED_AT = "gonghui_renewed_at"
RENEW_EVERY = 60  # seconds


class SessionRenewalMiddleware:
    """After SessionMiddleware: marks a signed-in session for saving when its last renewal is a minute old."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and not session.modified:
            now = int(time.time())
            if now - session.get(RENEWED_AT, 0) >= RENEW_EVERY:
                session[RENEWED_AT] = now
        return response
