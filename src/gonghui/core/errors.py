"""Domain errors: a stable code for programs and a Chinese message for people."""


class DomainError(Exception):
    """A business rule refused the action. `status` is 400 for bad input, 409 for a conflict with the data."""

    status = 400

    def __init__(
        self, code: str, message: str, *, fields: dict[str, str] | None = None, status: int | None = None
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class Conflict(DomainError):
    status = 409


class NotFound(DomainError):
    """The object does not exist for this actor (outside their subtree looks exactly like missing)."""

    status = 404

    def __init__(self, message: str = "未找到该记录"):
        super().__init__("not_found", message)


def from_validation_error(exc, labels: dict[str, str] | None = None) -> DomainError:
    """Turn Django's ValidationError into a DomainError naming each field by its (Chinese) label."""
    labels = labels or {}
    fields: dict[str, str] = {}
    general: list[str] = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            text = "；".join(errors)
            if field == "__all__":
                general.append(text)
            else:
                fields[field] = text
    else:
        general.extend(exc.messages)
    parts = [f"{labels.get(name, name)}：{text}" for name, text in fields.items()] + general
    return DomainError("invalid", "；".join(parts) or "输入有误", fields=fields)


def validated(instance, *, exclude: list[str] | None = None) -> None:
    """full_clean() the instance, raising a DomainError on failure."""
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        labels = {f.name: str(f.verbose_name) for f in instance._meta.fields}
        raise from_validation_error(exc, labels) from exc
