"""The member's phone pages of the requests (V4), at the site root under /me/ (signed in by SMS)."""

urlpatterns: list = []
