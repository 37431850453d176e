"""Template context shared by every staff page: the navigation the user is allowed to see (core.modules)."""

from .access import has_permission
from .modules import nav_items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": [(item.url_name, item.label) for item in nav_items() if has_permission(user, item.rule)]}
