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


def test_ragged_rows_are_skipped_and_reported_with_skip_bad_rows(ws: finops.Workspace) -> None:
    # tests/fixtures/hand/simple_ragged.csv: line 3 has 2 fields, line 4 has 6, against 4 (see its README).
    path = Path(__file__).parent / "fixtures" / "hand" / "simple_ragged.csv"
    with pytest.raises(finops.RaggedRowError) as info:
        ws.ingest(path, progress=False)
    assert isinstance(info.value, finops.MalformedFileError) and info.value.line == 3
    assert ws.imports().height == 0
    (file,) = ws.ingest(path, skip_bad_rows=True, progress=False).files
    assert (file.rows_read, file.rows_stored, file.rows_rejected) == (4, 2, 2)
    assert any("line 3" in s for s in file.rejected_samples) and any("line 4" in s for s in file.rejected_samples)
    assert ws.line_items()["BilledCost"].sum() == pytest.approx(1.50 + 2.25)


def test_oci_usage_report_says_what_to_export(ws: finops.Workspace) -> None:
    path = Path(__file__).parent / "fixtures" / "hand" / "oci_usage_report.csv"
    with pytest.raises(finops.UnsupportedReportError, match="cost report") as info:
        ws.ingest(path, progress=False)
    assert isinstance(info.value, ValueError) and info.value.path == str(path)
    assert ws.imports().height == 0


def test_each_error_has_its_own_class_under_the_broader_ones() -> None:
    assert issubclass(finops.RaggedRowError, finops.MalformedFileError)
    assert issubclass(finops.ParquetError, finops.MalformedFileError)
    assert issubclass(finops.TooLargeError, finops.MalformedFileError)
    assert issubclass(finops.MixedCurrenciesError, finops.CurrencyError)
    assert issubclass(finops.MissingRateError, finops.CurrencyError)
    assert issubclass(finops.SchemaTooNewError, finops.DatabaseError)
    assert issubclass(finops.LlmTimeoutError, finops.LlmError)
    assert not issubclass(finops.LlmError, ValueError)


def test_mixed_currencies_raise_their_own_error(ws: finops.Workspace, tmp_path: Path) -> None:
    text = "date,service,cost,currency\n2025-01-01,EC2,1,USD\n2025-01-01,EC2,2,EUR\n"
    ws.ingest(write(tmp_path, "two.csv", text), progress=False)
    with pytest.raises(finops.MixedCurrenciesError, match="EUR, USD"):
        ws.kpis()
    with pytest.raises(finops.MissingRateError):
        ws.kpis(currency="USD", rates={"GBP": 1.3})
