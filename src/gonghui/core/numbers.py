"""Amounts as people read them: thousands separated ("10,000", "12,345.50"), for pages, sentences and exports
alike (issue 16 §4). IDs, years and codes are not amounts and are never passed through here."""

from decimal import Decimal

EMPTY = "—"


def thousands(value: int | Decimal | float | str | None, *, empty: str = EMPTY) -> str:
    """10000 → "10,000"; Decimal("12345.50") → "12,345.50"; None or "" → `empty`. A value that is not a number is
    given back as it is (a "—" already written, a percentage)."""
    if value is None or value == "":
        return empty
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,}" if not value.is_integer() else f"{int(value):,}"
    try:
        number: int | Decimal = int(value)
    except (TypeError, ValueError):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return str(value)
    return f"{number:,}"
