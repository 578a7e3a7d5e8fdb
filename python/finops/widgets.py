"""An interactive dashboard in a notebook: ipywidgets controls (dates, providers, accounts, services, tag,
metric) that redraw the KPI cards and the five charts, like the seed's sidebar. It only wires widgets to
``Workspace`` calls; every number comes from the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from finops._finops import Workspace


def dashboard(ws: Workspace, by: str = "service", top_n: int = 10) -> Any:
    """A widget box: filter controls on top, KPI cards and charts below, redrawn on every change."""
    import ipywidgets as w
    from IPython.display import HTML, display

    items = ws.line_items()
    days = items["ChargePeriodStart"].dt.date()
    options = {
        c: sorted(v for v in items[c].unique().to_list() if v is not None)
        for c in ("ProviderName", "BillingAccountId", "ServiceName", "BillingCurrency")
    }
    start = w.DatePicker(description="From", value=days.min() if items.height else None)
    end = w.DatePicker(description="To", value=days.max() if items.height else None)
    providers = w.SelectMultiple(options=options["ProviderName"], description="Providers")
    accounts = w.SelectMultiple(options=options["BillingAccountId"], description="Accounts")
    services = w.SelectMultiple(options=options["ServiceName"], description="Services", rows=6)
    currency = w.Dropdown(options=options["BillingCurrency"] or ["USD"], description="Currency")
    metric = w.Dropdown(options=["effective", "billed", "list", "contracted"], description="Metric")
    tag = w.Text(description="Tag", placeholder="key=value")
    out = w.Output()

    def selection() -> dict[str, Any]:
        f: dict[str, Any] = {"start": start.value, "end": end.value, "metric": metric.value, "currency": currency.value}
        for name, widget in (("providers", providers), ("billing_accounts", accounts), ("services", services)):
            if widget.value:
                f[name] = list(widget.value)
        if "=" in tag.value:
            key, value = tag.value.split("=", 1)
            f["tags"] = {key.strip(): value.strip()}
        return f

    def redraw(_: Any = None) -> None:
        out.clear_output(wait=True)
        with out:
            f = selection()
            display(HTML(ws.kpis(**f)._repr_html_()))
            for figure in (
                ws.charts.ranking(by=by, top_n=top_n, **f),
                ws.charts.distribution(by=by, top_n=top_n, **f),
                ws.charts.monthly(by=by, **f),
                ws.charts.stacked_monthly(by=by, top_n=top_n, **f),
                ws.charts.daily(**f),
            ):
                # The MIME renderer: the `notebook` renderer's plotly.js bootstrap inside an Output widget stalls
                # headless execution (nbclient) and is not needed where widgets render.
                figure.show(renderer="plotly_mimetype")

    for control in (start, end, providers, accounts, services, currency, metric, tag):
        control.observe(redraw, names="value")
    redraw()
    controls = w.VBox([w.HBox([start, end, currency, metric]), w.HBox([providers, accounts, services]), tag])
    return w.VBox([controls, out])
