"""The upload tab: billing exports chosen in the browser are ingested into the database with a progress bar, then
the import report is shown. Each file is one transaction in the engine: a file with an error stores nothing, and
the error names the file, line and column. After an import the dashboard reloads its option lists and panels.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import ipywidgets as w
import polars as pl

from finops._errors import FinopsError
from finops.app.view import Panel, Selection, error_html, html_output, note_html, output, table

if TYPE_CHECKING:
    from finops._finops import ImportReport, Workspace

ACCEPT = ".csv,.gz,.parquet,.json,.jsonl"
LEDGER_COLUMNS = [
    "imported_at",
    "path",
    "format",
    "status",
    "billing_periods",
    "currencies",
    "rows_stored",
    "rows_current",
]


class UploadPanel(Panel):
    title = "Upload"

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self._imported: list[Callable[[], None]] = []
        self.reports: list[ImportReport] = []
        self.errors: list[BaseException] = []
        self.upload = w.FileUpload(accept=ACCEPT, multiple=True, description="Upload exports", icon="upload")
        self.upload.add_class("finops-upload")
        self.skip_bad_rows = w.Checkbox(value=False, description="Skip rows that do not parse", indent=False)
        self.progress = w.FloatProgress(value=0, min=0, max=1, description="Import", bar_style="info")
        self.progress_note = w.HTML()
        self.result = w.HTML()
        self.report = output()
        self.ledger = output()
        self.upload.observe(self._uploaded, names="value")
        self.widget = w.VBox(
            [
                w.HTML(
                    note_html(
                        "AWS CUR and CUR 2.0, Azure cost details, GCP BigQuery export, OCI cost reports, FOCUS or a "
                        "date,service,cost CSV; CSV, CSV.gz, Parquet or JSON. Importing a file twice changes nothing."
                    )
                ),
                w.HBox([self.upload, self.skip_bad_rows]),
                w.HBox([self.progress, self.progress_note]),
                self.status,
                self.result,
                self.report,
                self.ledger,
            ]
        )

    def on_import(self, callback: Callable[[], None]) -> None:
        """``callback`` runs after an upload stored rows."""
        self._imported.append(callback)

    def draw(self, selection: Selection) -> None:
        # The ledger is the database's, not the selection's.
        imports = self.ws.imports()
        recent = imports.reverse().head(15).select([c for c in LEDGER_COLUMNS if c in imports.columns])
        # The file's name: an upload's folder was temporary.
        recent = recent.with_columns(pl.col("path").str.replace(r"^.*[/\\]", "")).rename({"path": "file"})
        self.ledger.outputs = (table(recent, caption=f"Import history ({imports.height} files, newest first)"),)

    def ingest(self, files: list[tuple[str, bytes]]) -> int:
        """Ingests uploaded files (name, content), each on its own; returns the rows stored."""
        self.reports, self.errors = [], []
        total = sum(len(content) for _, content in files) or 1
        done = 0
        outputs, messages = [], []
        self.progress.value, self.progress.bar_style = 0, "info"
        with tempfile.TemporaryDirectory(prefix="finops-upload-") as tmp:
            for name, content in files:
                path = Path(tmp) / Path(name).name  # never a path the browser chose
                path.write_bytes(content)
                try:
                    report = self.ws.ingest(
                        path, skip_bad_rows=self.skip_bad_rows.value, progress=self._progress(name, done, total)
                    )
                except (FinopsError, ValueError, OSError) as error:
                    self.errors.append(error)
                    outputs.append(html_output(error_html(error, root=tmp)))
                    messages.append(f"{path.name}: nothing stored")
                else:
                    self.reports.append(report)
                    outputs.append(html_output(report._repr_html_().replace(tmp + "/", "")))
                    messages.append(f"{path.name}: {report.rows_stored:,} rows stored of {report.rows_read:,} read")
                done += len(content)
                self.progress.value = done / total
        stored = sum(r.rows_stored for r in self.reports)
        self.progress.bar_style = "danger" if self.errors else "success"
        self.progress_note.value = note_html(f"{len(files)} file(s), {stored:,} rows stored")
        self.result.value = (
            '<div class="finops-upload-result" style="font-family:sans-serif">'
            + "<br>".join(html.escape(m) for m in messages)
            + "</div>"
        )
        self.report.outputs = tuple(outputs)
        if stored:
            for callback in self._imported:
                callback()
        self.redraw()
        return stored

    def _progress(self, name: str, done: int, total: int) -> Callable[[str, int, int, int], None]:
        last = [-1.0]

        def report(_path: str, rows_read: int, bytes_read: int, _size: int) -> None:
            value = (done + bytes_read) / total
            if value - last[0] >= 0.01:  # a message per percent, not per batch
                last[0] = value
                self.progress.value = min(value, 1.0)
                self.progress_note.value = note_html(f"{name}: {rows_read:,} rows read")

        return report

    def _uploaded(self, change: dict[str, Any]) -> None:
        files = [(f["name"], bytes(f["content"])) for f in change["new"]]
        if not files:
            return
        self.ingest(files)
        self.upload.value = ()  # ready for the next file, even the same one again
