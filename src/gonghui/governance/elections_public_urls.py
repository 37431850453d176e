"""The delegates' phone pages of an on-site electronic vote (G2), mounted at the site root."""

urlpatterns: list = []
