"""Writes the seed corpus of the SQL fuzz target: one file per statement of the conformance
corpus (tests/sql/**/*.slt), the 22 TPC-H queries of tests/e2e/tpch_queries.py and, when the
e2e venv's DuckDB tpcds extension is importable, DuckDB's 99 TPC-DS query texts.

Usage: python3 tests/fuzz/seed_corpus.py OUT_DIR     (prints how many seeds it wrote)
"""

from __future__ import annotations

import hashlib
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parents[2]
RECORD_HEADERS = ("query", "statement")


def slt_statements(path: pathlib.Path) -> list[str]:
    """The SQL text of each record: the lines after a `query`/`statement` header up to the
    `----` line or a blank line."""
    statements, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if current is None:
            if line.split(" ", 1)[0] in RECORD_HEADERS:
                current = []
            continue
        if line.strip() in ("", "----"):
            if current:
                statements.append("\n".join(current))
            current = None
        else:
            current.append(line)
    if current:
        statements.append("\n".join(current))
    return statements


def tpch_queries() -> list[str]:
    sys.path.insert(0, str(REPO / "tests" / "e2e"))
    from tpch_queries import QUERIES  # noqa: E402  (a plain module of the e2e suite)

    return list(QUERIES.values())


def tpcds_queries() -> list[str]:
    try:
        import duckdb
        import duckdb_extension_tpcds
    except ImportError:
        print("seed corpus: no DuckDB tpcds extension here; TPC-DS queries left out", file=sys.stderr)
        return []
    package_dir = pathlib.Path(duckdb_extension_tpcds.__file__).parent
    extensions = sorted(package_dir.rglob("tpcds.duckdb_extension"))
    if not extensions:
        return []
    connection = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    connection.execute(f"LOAD '{extensions[0]}'")
    return [row[0] for row in connection.execute("SELECT query FROM tpcds_queries()").fetchall()]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    seeds = []
    for path in sorted((REPO / "tests" / "sql").rglob("*.slt")):
        seeds.extend(slt_statements(path))
    seeds.extend(tpch_queries())
    seeds.extend(tpcds_queries())
    written = set()
    for sql in seeds:
        data = sql.strip().encode("utf-8")
        name = hashlib.sha1(data).hexdigest()
        if name not in written:
            (out / name).write_bytes(data)
            written.add(name)
    print(len(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
