"""The pipeline part's pages (mounted by urls.py under /organising/)."""

urlpatterns: list = []
