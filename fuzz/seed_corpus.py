"""Seeds each fuzz target's corpus (fuzz/corpus/<target>/) from tests/fixtures, the chat's example questions and
a few hand-written inputs. Run by `make fuzz` and `make test` before the fuzzers; libFuzzer adds to the same
directories as it finds new coverage. Seeds are kept small (a few rows each): libFuzzer mutates small inputs
much faster, and every mapper sees its real headers from the target itself (fuzz/src/lib.rs).

Standard library only.
"""

import csv
import gzip
import hashlib
import io
import json
import re
import sys
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
FIXTURES = FUZZ.parent / "tests" / "fixtures"
CORPUS = FUZZ / "corpus"
MAX_SEED = 4000  # bytes; under libFuzzer's default -max_len of 4096


def put(target: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + hashlib.sha1(data).hexdigest())).write_bytes(data)


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def head(path: Path, limit: int = MAX_SEED) -> bytes:
    out = b""
    for line in lines_of(path):
        if len(out) + len(line) > limit:
            break
        out += line
    return out


def csv_fixtures() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*.csv"))


def body_chunks(path: Path, rows: int = 3) -> list[bytes]:
    """The file's data lines in groups of `rows`, each group under MAX_SEED (longer lines are skipped)."""
    body = [line for line in lines_of(path)[1:] if len(line) < MAX_SEED - 1]
    chunks = []
    for i in range(0, min(len(body), 60), rows):
        chunk = b"".join(body[i : i + rows])
        while len(chunk) > MAX_SEED - 1 and b"\n" in chunk[:-1]:
            chunk = chunk[: chunk[:-1].rindex(b"\n") + 1]
        chunks.append(chunk)
    return chunks


def mapper_files(target: str) -> list[str]:
    """The fixtures a mapper target takes its headers from (MAPPER_FILES in fuzz/src/lib.rs)."""
    table = (FUZZ / "src" / "lib.rs").read_text().split("pub const MAPPER_FILES")[1].split("\n];")[0]
    files = re.search(r'\(\s*"' + target + r'",\s*&\[(.*?)\]', table, re.DOTALL)
    if files is None:
        raise SystemExit(f"fuzz/src/lib.rs: no MAPPER_FILES entry for {target}")
    return re.findall(r'"([^"]+)"', files.group(1))


def seed_ingest_csv() -> None:
    for path in csv_fixtures():
        seed = head(path)
        if seed:
            put("ingest_csv", seed)
    put("ingest_csv", gzip.compress(head(FIXTURES / "hand" / "oci_cost_two_currencies.csv"), mtime=0))
    put("ingest_csv", gzip.compress(head(FIXTURES / "dashboard" / "gbp_costs.csv"), mtime=0))


def seed_mappers() -> None:
    for target in sorted(p.stem for p in (FUZZ / "fuzz_targets").glob("mapper_*.rs")):
        for index, name in enumerate(mapper_files(target)):
            for chunk in body_chunks(FIXTURES / name):
                put(target, bytes([index]) + chunk)


def nest(flat: dict) -> dict:
    out: dict = {}
    for key, value in flat.items():
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            if value.startswith(("[", "{")):
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            node[parts[-1]] = value
    return out


def seed_json() -> None:
    path = FIXTURES / "gcp" / "gcp_bq_export_2020-10_koku_tmp_example.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    for i in range(0, min(len(rows), 30), 2):
        text = "".join(json.dumps(nest(r)) + "\n" for r in rows[i : i + 2])
        put("ingest_json", text.encode()[:MAX_SEED])
    put(
        "ingest_json",
        b'{"billing_account_id":"A-2","service":{"description":"BigQuery"},"cost":1.25,"currency":"USD",'
        b'"usage_start_time":"2023-10-02T00:00:00Z","usage_end_time":"2023-10-02T01:00:00Z",'
        b'"credits":[{"amount":-0.25,"type":"PROMOTION"}],"invoice":{"month":"202310"},"cost_type":"regular",'
        b'"tags":[{"key":"env","value":"prod"}]}\n',
    )


def seed_parquet() -> None:
    for path in FIXTURES.rglob("*.parquet"):
        put("ingest_parquet", path.read_bytes())


def seed_values() -> None:
    values = {
        "1.5",
        "-0.25",
        "2.323760000E-9",
        "4.716852138941638e-05",
        "0.12345678901234567890123456789",
        "2023-11-01T00:00:00.000Z",
        "2023-11-13T10:00Z",
        "2020-10-31 08:14:40.904000+00:00",
        "09/21/2023",
        "3/1/21",
        "20240101",
        "2023-02-01T30:00:00Z",
        '"CostCenter": "1234","env": "prod"',
        '[{"key":"app","value":"web"}]',
        "[{'name': 'x', 'amount': -0.5, 'type': 'COMMITTED_USAGE_DISCOUNT', 'id': 'c'}]",
        '[{"amount": "-1.25", "type": "COMMITTED_USAGE_DISCOUNT_DOLLAR_BASE", "name": "cud"}]',
    }
    for path in csv_fixtures():
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as f:
            for i, row in enumerate(csv.reader(f)):
                if i > 20:
                    break
                values.update(v for v in row if 0 < len(v) < 300)
    for value in sorted(values)[:2000]:
        put("values", value.encode())


def seed_chat() -> None:
    questions = {
        "Why did EC2 go up in March?",
        "top 3 accounts last month",
        "Compare February 2025 vs 2025-01 in EUR",
        "cost by team",
        "spend in the last 14 days",
        "what did we spend on 2025-03-15?",
        "May I ask what the weather is?",
        "What will the month-end total be?",
        "any anomalies in Q2 2025?",
        "How much could we save?",
        "monthly cost of s3 per region in 2024",
        "top 10 services this month vs last month",
        "Which cost_center tag spent the most month to date?",
        "Write a poem about our AWS bill",
    }
    example = (FUZZ.parent / "finops-core" / "examples" / "chat_eval.rs").read_text()
    questions.update(re.findall(r'case\(\s*(?:format!\()?"([^"{}]+)"', example))
    for q in questions:
        put("chat_intent", q.encode())


def main() -> int:
    seed_ingest_csv()
    seed_mappers()
    seed_json()
    seed_parquet()
    seed_values()
    seed_chat()
    for folder in sorted(CORPUS.iterdir()):
        print(f"  {folder.name:16} {sum(1 for _ in folder.iterdir()):5} inputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
