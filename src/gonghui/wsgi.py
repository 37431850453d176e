"""WSGI entry point for production servers (`granian --interface wsgi gonghui.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings.production")

application = get_wsgi_application()

from gonghui.core.demo_guard import refuse_demo_passwords  # noqa: E402

refuse_demo_passwords()
