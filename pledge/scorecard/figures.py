"""How a KPI's figures read on a page: 12.5%, 67 per 10,000, £1,250, 301 days."""

from __future__ import annotations

from decimal import Decimal


def figure(value: Decimal | float | None, unit: str) -> str:
    if value is None:
        return "No figure"
    number = Decimal(str(value))
    whole = number == number.to_integral_value()
    plain = f"{number:,.0f}" if whole else f"{number:,.1f}"
    match unit:
        case "percentage":
            return f"{number:.1f}%"
        case "rate_per_10000":
            return f"{number:,.0f} per 10,000"
        case "money":
            return f"£{number:,.0f}" if whole else f"£{number:,.2f}"
        case "days":
            return f"{number:,.0f} days"
        case _:
            return plain
