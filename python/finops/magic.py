"""The ``%%finops`` cell magic: ask a question about your costs in a notebook cell.

::

    %load_ext finops

    %%finops --currency USD
    What drove the change last month?

The answer's numbers come from the engine (the tables it used are in ``answer.tables``). Options:
``--db PATH`` (default: ``$FINOPS_DB`` or ``data/finops.db``) or ``--ws NAME`` (a ``finops.Workspace`` variable of
the notebook), filter options (``--currency``, ``--start``, ``--end``, ``--provider``, ``--service``,
``--account``, ``--region``, ``--metric``), and ``--new`` to start a new conversation. A conversation is kept
per database across cells. A language model answers when ``OPENAI_API_KEY`` is set (``OPENAI_API_BASE`` and
``OPENAI_MODEL`` choose the provider); otherwise the offline analyst does.
"""

from __future__ import annotations

from typing import Any

from IPython.core.magic import Magics, cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

import finops


@magics_class
class FinopsMagics(Magics):
    """``%%finops``: one conversation per database, kept across cells."""

    def __init__(self, shell: Any) -> None:
        super().__init__(shell)
        self._workspaces: dict[str, finops.Workspace] = {}
        self._chats: dict[str, finops.Chat] = {}

    @magic_arguments()
    @argument("--db", help="the database (default: $FINOPS_DB or data/finops.db)")
    @argument("--ws", help="a finops.Workspace variable of the notebook")
    @argument("--currency", help="one currency, e.g. USD")
    @argument("--start", help="first day, YYYY-MM-DD")
    @argument("--end", help="last day, YYYY-MM-DD")
    @argument("--metric", help="effective (default), billed, list or contracted")
    @argument("--provider", action="append", help="a provider (repeatable)")
    @argument("--service", action="append", help="a service (repeatable)")
    @argument("--account", action="append", help="a sub account (repeatable)")
    @argument("--region", action="append", help="a region (repeatable)")
    @argument("--new", action="store_true", help="start a new conversation")
    @cell_magic
    def finops(self, line: str, cell: str) -> finops.Answer | None:
        """Answers the cell's question about the costs in a finops database."""
        args = parse_argstring(self.finops, line)
        question = cell.strip()
        if not question:
            print("Write a question in the cell, e.g. 'What did we spend last month?'")
            return None
        if args.ws:
            ws = self.shell.user_ns[args.ws] if self.shell is not None else None
            if not isinstance(ws, finops.Workspace):
                raise ValueError(f"--ws {args.ws}: not a finops.Workspace")
            key = f"ws:{args.ws}"
        else:
            key = args.db or finops.default_db_path()
            ws = self._workspaces.setdefault(key, finops.Workspace(key))
        if args.new or key not in self._chats:
            self._chats[key] = ws.chat()
        chat = self._chats[key]
        filters: dict[str, Any] = {
            "currency": args.currency,
            "start": args.start,
            "end": args.end,
            "metric": args.metric,
            "providers": args.provider,
            "services": args.service,
            "sub_accounts": args.account,
            "regions": args.region,
        }
        chat.set_filter(**{name: value for name, value in filters.items() if value is not None})
        return chat.ask(question)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext finops``."""
    ipython.register_magics(FinopsMagics)
