"""The elections part's pages, mounted under /governance/ by urls.py."""

urlpatterns: list = []
