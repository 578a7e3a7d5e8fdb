"""`finops.Filter`: every field readable, `replace`, `to_dict`, and how presets and dates replace each other."""

from __future__ import annotations

import datetime as dt

import finops

D = dt.date


def test_every_field_reads_back_as_given() -> None:
    f = finops.Filter(
        providers=["aws"],
        billing_accounts=["111"],
        sub_accounts=["222"],
        services=["EC2"],
        service_categories=["Compute"],
        regions=["us-east-1"],
        resource_ids=["i-1"],
        charge_categories=["Usage"],
        tags={"team": "web", "env": None},
        untagged=["owner"],
        currency="USD",
        rates={"EUR": 1.08},
        metric="billed",
        preset="last_month",
        today="2024-03-15",
    )
    assert f.providers == ["aws"]
    assert (f.billing_accounts, f.sub_accounts, f.services) == (["111"], ["222"], ["EC2"])
    assert (f.service_categories, f.regions, f.resource_ids) == (["Compute"], ["us-east-1"], ["i-1"])
    assert f.charge_categories == ["Usage"]
    assert f.tags == {"team": "web", "env": None}
    assert f.untagged == ["owner"]
    assert (f.currency, f.rates, f.metric) == ("USD", {"EUR": 1.08}, "billed")
    assert (f.preset, f.last_days, f.today) == ("last_month", None, D(2024, 3, 15))
    assert (f.start, f.end) == (D(2024, 2, 1), D(2024, 2, 29))
    assert finops.Filter(untagged=True).untagged is True
    assert finops.Filter().untagged is None and finops.Filter().services == []


def test_to_dict_builds_the_same_filter() -> None:
    f = finops.Filter(services=["EC2"], tags={"team": "web"}, last_days=7, today="2024-03-15", currency="EUR")
    assert finops.Filter(**f.to_dict()) == f
    assert f.to_dict()["last_days"] == 7


def test_replace_changes_only_what_it_names() -> None:
    f = finops.Filter(services=["EC2"], regions=["us-east-1"], currency="USD")
    g = f.replace(regions=["eu-west-1"])
    assert (g.services, g.regions, g.currency) == (["EC2"], ["eu-west-1"], "USD")
    assert f.regions == ["us-east-1"]  # frozen: replace makes a copy
    assert f.replace(services=None).services == []


def test_dates_and_presets_replace_each_other() -> None:
    march = finops.Filter(start="2024-03-01", end="2024-03-31")
    # A preset replaces explicit dates...
    last = march.replace(preset="last_month", today="2024-05-10")
    assert (last.start, last.end, last.preset) == (D(2024, 4, 1), D(2024, 4, 30), "last_month")
    # ...and a date replaces the preset, keeping the other bound it resolved to.
    later = last.replace(start="2024-04-15")
    assert (later.start, later.end, later.preset) == (D(2024, 4, 15), D(2024, 4, 30), None)
    # One date of two changes alone.
    assert march.replace(end="2024-03-15").start == D(2024, 3, 1)
