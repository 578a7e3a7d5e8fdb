"""Progress display for long ingests: tqdm (notebook-aware through ``tqdm.auto``) when installed."""

from __future__ import annotations

from typing import Callable


def progress_bar() -> Callable[[str, int, int, int], None] | None:
    """A callback ``(path, rows, bytes_read, file_size)`` drawing one bar per file, or None without tqdm."""
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None

    state: dict = {"path": None, "bar": None}

    def update(path: str, rows: int, bytes_read: int, size: int) -> None:
        if state["path"] != path:
            if state["bar"] is not None:
                state["bar"].close()
            state["path"] = path
            state["bar"] = tqdm(total=size, unit="B", unit_scale=True, desc=path.rsplit("/", 1)[-1], leave=False)
        bar = state["bar"]
        bar.set_postfix(rows=rows, refresh=False)
        bar.update(max(0, min(bytes_read, size) - bar.n))
        if bytes_read >= size:
            bar.close()
            state["path"], state["bar"] = None, None

    return update
