"""The requests part's pages, mounted under /services/ by urls.py."""

urlpatterns: list = []
