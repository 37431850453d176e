"""The delegates' phone pages (the elections part's on-site vote), mounted at the site root."""

from . import elections_public_urls

urlpatterns = [*elections_public_urls.urlpatterns]
