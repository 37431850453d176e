"""The member's phone pages of the services, mounted at the site root (the requests part adds its own)."""

from . import hardship_public_urls, requests_public_urls

urlpatterns = [*requests_public_urls.urlpatterns, *hardship_public_urls.urlpatterns]
