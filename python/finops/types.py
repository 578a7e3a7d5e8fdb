"""The names the typed API uses: Literal aliases for the closed lists of values, and ``FilterArgs``, the keyword
filters every analysis takes (``ws.kpis(**kw)`` with ``kw: FilterArgs`` type-checks).

Editors complete these values and mypy checks them. ``Dimension`` and ``Preset`` list the fixed values; at run
time ``by="tag:<key>"`` and ``preset="last_<n>_days"`` (any n) work too, which the stubs allow for ``by`` (any
``str``) and leave to ``last_days=n`` for presets.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Literal, TypedDict

__all__ = ["Dimension", "Feedback", "FilterArgs", "Metric", "Panel", "Preset", "Sensitivity"]

Metric = Literal["billed", "effective", "list", "contracted"]
"""The cost a selection sums (FOCUS BilledCost, EffectiveCost, ListCost, ContractedCost)."""
Preset = Literal[
    "this_month", "last_month", "month_to_date", "last_7_days", "last_14_days", "last_30_days", "last_90_days"
]
"""Date presets (``last_<n>_days`` works for any n at run time; ``last_days=n`` is the typed way)."""
Dimension = Literal[
    "provider", "billing_account", "sub_account", "service", "service_category", "region", "charge_category"
]
"""What a ranking, distribution or monthly view groups by; ``"tag:<key>"`` strings too."""
Sensitivity = Literal["low", "medium", "high"]
"""Anomaly sensitivity presets (a robust z-score as a float also works)."""
Feedback = Literal["confirmed", "false_alarm", "planned"]
"""What an analyst says about an anomaly."""
Panel = Literal["ranking", "distribution", "monthly", "stacked_monthly", "daily"]
"""The dashboard's chart panels."""


class FilterArgs(TypedDict, total=False):
    """The keyword filters every analysis takes (``Filter``'s arguments): ``ws.kpis(services=["EC2"])``."""

    start: datetime.date | str | None
    end: datetime.date | str | None
    providers: Sequence[str] | None
    billing_accounts: Sequence[str] | None
    sub_accounts: Sequence[str] | None
    services: Sequence[str] | None
    service_categories: Sequence[str] | None
    regions: Sequence[str] | None
    resource_ids: Sequence[str] | None
    charge_categories: Sequence[str] | None
    tags: dict[str, str | None] | None
    untagged: bool | Sequence[str] | None
    currency: str | None
    rates: Mapping[str, float] | None
    metric: Metric
    preset: Preset | None
    last_days: int | None
    today: datetime.date | str | None
