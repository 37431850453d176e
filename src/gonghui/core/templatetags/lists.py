"""The shared list's pieces in templates (core/lists.py): a sortable column heading.

`{% sort_th listing "joined" %}` renders the heading of the column the list sorts by `joined`: a link that sorts
by it (or reverses it), the arrow of the current order, and `aria-sort` for screen readers. Extra classes:
`{% sort_th listing "name" "text-nowrap" %}`."""

from django import template
from django.utils.html import format_html

register = template.Library()

ARROWS = {"ascending": "↑", "descending": "↓", "": ""}


@register.simple_tag
def sort_th(listing, key: str, css: str = "text-nowrap"):
    label = next(s.label for s in listing.spec.sorts if s.key == key)
    state = listing.sorted_by(key)
    hint = "点击倒序" if state == "ascending" else "点击排序" if not state else "点击正序"
    return format_html(
        '<th scope="col" class="{}"{}><a class="gh-sort link-dark text-decoration-none" href="{}" title="{}"'
        ' data-sort="{}">{}<span class="gh-sort-arrow" aria-hidden="true">{}</span></a></th>',
        css,
        format_html(' aria-sort="{}"', state) if state else "",
        listing.sort_url(key),
        hint,
        key,
        label,
        ARROWS[state],
    )
