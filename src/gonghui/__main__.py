"""The `gonghui` console script: Django's manage.py with Gonghui's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings.base")
    if sys.argv[1:2] == ["demo"]:
        # Demo mode, decided before the settings load: only here may personal-data keys come from the published
        # default secret (core/personal.py); the demo's task worker inherits it.
        os.environ["GONGHUI_DEMO"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line([os.path.basename(sys.argv[0]) or "gonghui", *sys.argv[1:]])


if __name__ == "__main__":
    main()
