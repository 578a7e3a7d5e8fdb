"""The interactive dashboard in a notebook. Kept for code written against it: ``finops.dashboard(ws)`` (the app
in ``finops.app``) is the whole dashboard, with the panels this module used to show in its cost explorer tab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from finops._finops import Workspace
    from finops.app import Dashboard


def dashboard(ws: Workspace, by: str = "service", top_n: int = 10) -> Dashboard:
    """The dashboard app on ``ws``, its cost explorer grouped by ``by`` with the ``top_n`` largest values."""
    from finops.app import Dashboard

    return Dashboard(ws, by=by, top_n=top_n)
