"""Bad input raises a finops error that names the file, line and column, and stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

import finops


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_bad_value_is_a_value_error_with_location(ws: finops.Workspace, tmp_path: Path) -> None:
    path = write(tmp_path, "inv.csv", "date,service,cost\n2025-01-01,EC2,1\n2025-01-02,EC2,oops\n")
    with pytest.raises(finops.BadValueError) as info:
        ws.ingest(path, progress=False)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, finops.FinopsError)
    assert (err.line, err.column, err.path) == (3, "cost", str(path))
    assert "oops" in str(err)
    assert ws.line_items().height == 0
    assert ws.imports().height == 0


def test_unknown_format(ws: finops.Workspace, tmp_path: Path) -> None:
    with pytest.raises(finops.UnknownFormatError, match="tried"):
        ws.ingest(write(tmp_path, "x.csv", "a,b\n1,2\n"), progress=False)


def test_missing_file_is_file_not_found(ws: finops.Workspace, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ws.ingest(tmp_path / "nope.csv", progress=False)


def test_empty_and_ragged_files(ws: finops.Workspace, tmp_path: Path) -> None:
    with pytest.raises(finops.EmptyFileError):
        ws.ingest(write(tmp_path, "e.csv", ""), progress=False)
    with pytest.raises(finops.MalformedFileError) as info:
        ws.ingest(write(tmp_path, "r.csv", "date,service,cost\n2025-01-01,EC2,1\n2025-01-02,EC2\n"), progress=False)
    assert info.value.line == 3


def test_skip_bad_rows(ws: finops.Workspace, tmp_path: Path) -> None:
    path = write(tmp_path, "inv.csv", "date,service,cost\n2025-01-01,EC2,1\n2025-01-02,EC2,oops\n2025-01-03,S3,2\n")
    report = ws.ingest(path, skip_bad_rows=True, progress=False)
    (file,) = report.files
    assert (file.rows_read, file.rows_stored, file.rows_rejected) == (3, 2, 1)
    assert ws.line_items()["BilledCost"].sum() == 3.0
