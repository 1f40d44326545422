"""What the database benchmarks share: a scratch database dropped afterwards (a fresh SQLite file,
or a schema of its own in the PostgreSQL server `--database-url` names, so a benchmark never
touches real data), and the options every one of them takes."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text


def options(doc: str | None) -> argparse.ArgumentParser:
    """A parser with `--database-url` and `--json`; the benchmark adds its own sizes."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL URL; default: a scratch SQLite file")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


@contextmanager
def scratch_database(base: str | None, size: int) -> Iterator[str]:
    """The URL of an empty database for a run of `size`, dropped when the block ends."""
    if not base:
        with tempfile.TemporaryDirectory() as workdir:
            yield f"sqlite:///{Path(workdir) / f'bench-{size}.db'}"
        return
    schema = f"bench_{os.getpid()}_{size}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
