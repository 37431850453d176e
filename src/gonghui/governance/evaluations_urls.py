"""The evaluations part's pages, mounted under /governance/ by urls.py."""

urlpatterns: list = []
