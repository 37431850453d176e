"""Form helpers shared by every app."""

from django import forms
from django.forms.boundfield import BoundField

from .errors import DomainError


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal on the form: on the named fields where the form has them, else on top."""
    placed = False
    for field, text in exc.fields.items():
        if field in form.fields:
            form.add_error(field, text)
            placed = True
    form.add_error(None, exc.message)
    if not placed and not exc.message:
        form.add_error(None, "操作未能完成")


class DateInput(forms.DateInput):
    """A date picker. Its value is always written yyyy-mm-dd, the only form an HTML date input accepts (the
    locale's 2026/05/01 would leave the picker empty and drop a default such as an event's day)."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or "%Y-%m-%d")


class TypedOnlyBoundField(BoundField):
    """A document or mobile number goes back into its field only as the person typed it in this request
    (issue 16 §3: a refused form keeps what was typed); a form filled from the register never shows one (I3)."""

    def value(self):
        return super().value() if self.form.is_bound else None


class PersonalField(forms.CharField):
    """A resident ID or mobile number field: see `TypedOnlyBoundField`."""

    bound_field_class = TypedOnlyBoundField
