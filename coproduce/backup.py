"""Backup and restore of the database and the media files, with a check that the copy
is exact.

A backup is a folder holding the database (``database.dump`` from ``pg_dump --format=custom``
on PostgreSQL, or ``database.sqlite3`` on SQLite), ``media.tar.gz`` (uploaded evidence and
generated reports under ``MEDIA_ROOT``) and ``manifest.json``: the row count and a checksum of
every table, and a SHA-256 of every media file. A restore goes into an empty database and an
empty media folder, then recomputes the same figures there and compares them with the
manifest, so a restore that lost or changed anything says so instead of passing quietly.

The commands ``manage.py backup`` and ``manage.py restore`` call these functions; the README's
"Operations" section has the procedure, and ``tests/coproduce/test_backup.py`` runs the drill
on the demo.
"""

import datetime as dt
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that could not be made or does not match its manifest."""


# --- Fingerprints: what the manifest records and the restore compares ------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _pg_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


def table_fingerprints(cursor, vendor: str) -> dict[str, dict]:
    """Rows and a checksum of every table, independent of row order and storage.

    PostgreSQL hashes each row's text form in the database; SQLite hashes the rows'
    ``repr`` in Python (its databases are small).
    """
    result = {}
    if vendor == "postgresql":
        for table in _pg_tables(cursor):
            cursor.execute(
                "SELECT count(*), md5(coalesce(string_agg(h, '' ORDER BY h), '')) "
                f"FROM (SELECT md5(t::text) AS h FROM {_quote(table)} t) rows"
            )
            count, checksum = cursor.fetchone()
            result[table] = {"rows": count, "checksum": checksum}
        return result
    for table in _sqlite_tables(cursor):
        cursor.execute(f"SELECT * FROM {_quote(table)}")
        hashes = sorted(hashlib.md5(repr(row).encode()).hexdigest() for row in cursor)
        result[table] = {
            "rows": len(hashes),
            "checksum": hashlib.md5("".join(hashes).encode()).hexdigest(),
        }
    return result


def media_fingerprints(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by path relative to it."""
    root = Path(root)
    found = {}
    if not root.exists():
        return found
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        found[path.relative_to(root).as_posix()] = digest.hexdigest()
    return found


# --- PostgreSQL programs ------------------------------------------------------------


def pg_program(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: from ``PG_BIN_DIR``, the PATH, or Debian's
    versioned folders (newest first)."""
    folder = os.environ.get("PG_BIN_DIR")
    if folder:
        return str(Path(folder) / name)
    for candidate in sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True
    ):
        return candidate
    found = shutil.which(name)
    if found:
        return found
    raise BackupError(f"{name} is not installed (install the PostgreSQL client).")


def _pg_env(config: dict) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(config.get("HOST") or "localhost"),
            "PGPORT": str(config.get("PORT") or 5432),
            "PGUSER": str(config.get("USER") or ""),
            "PGPASSWORD": str(config.get("PASSWORD") or ""),
            "PGDATABASE": str(config["NAME"]),
        }
    )
    return env


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[:2000]}")


# --- Backup -------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    tables: int
    rows: int
    files: int
    seconds: float


def backup_create(
    *, out_dir: Path, using: str = DEFAULT_DB_ALIAS, media_root: Path | None = None
) -> BackupResult:
    """Write a backup folder under ``out_dir`` and return what it holds."""
    started = dt.datetime.now(dt.UTC)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    folder = Path(out_dir) / f"coproduce-backup-{started:%Y%m%dT%H%M%S%fZ}"
    folder.mkdir(parents=True)
    connection = connections[using]
    connection.ensure_connection()
    vendor = connection.vendor
    if vendor == "postgresql":
        _run(
            [
                pg_program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / PG_DUMP),
            ],
            _pg_env(connection.settings_dict),
        )
    elif vendor == "sqlite":
        target = sqlite3.connect(folder / SQLITE_COPY)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"Backups of {vendor} databases are not supported.")
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = table_fingerprints(cursor, vendor)
    else:
        # Read the copy with plain sqlite3, as the restore will: Django's connection
        # converts some column types, which would change the checksums.
        _, tables = _fingerprints_of(f"sqlite:///{folder / SQLITE_COPY}")
    files = media_fingerprints(media_root)
    manifest = {
        "created_at": started.isoformat(),
        "database": vendor,
        "tables": tables,
        "media": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return BackupResult(
        folder=folder,
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        files=len(files),
        seconds=(dt.datetime.now(dt.UTC) - started).total_seconds(),
    )


# --- Restore ------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    tables: int
    rows: int
    files: int
    differences: list[str]
    seconds: float

    @property
    def exact(self) -> bool:
        return not self.differences


def _fingerprints_of(database_url: str) -> tuple[str, dict]:
    config = dj_database_url.parse(database_url)
    engine = config["ENGINE"]
    if "postgresql" in engine:
        import psycopg

        with (
            psycopg.connect(
                host=config.get("HOST") or "localhost",
                port=config.get("PORT") or 5432,
                user=config.get("USER"),
                password=config.get("PASSWORD"),
                dbname=config["NAME"],
            ) as conn,
            conn.cursor() as cursor,
        ):
            return "postgresql", table_fingerprints(cursor, "postgresql")
    conn = sqlite3.connect(config["NAME"])
    try:
        return "sqlite", table_fingerprints(conn.cursor(), "sqlite")
    finally:
        conn.close()


def compare(manifest: dict, tables: dict, files: dict) -> list[str]:
    """Every way the restored copy differs from the manifest, in plain words."""
    differences = []
    for name in sorted(set(manifest["tables"]) | set(tables)):
        want, got = manifest["tables"].get(name), tables.get(name)
        if want is None:
            differences.append(f"table {name} is not in the backup")
        elif got is None:
            differences.append(f"table {name} is missing after the restore")
        elif want != got:
            differences.append(
                f"table {name}: {want['rows']} rows backed up, {got['rows']} restored"
                + (
                    ""
                    if want["rows"] != got["rows"]
                    else " (same count, other content)"
                )
            )
    for name in sorted(set(manifest["media"]) | set(files)):
        if manifest["media"].get(name) != files.get(name):
            differences.append(f"file {name} differs or is missing")
    return differences


def _check_empty(vendor: str, database_url: str, media_root: Path) -> None:
    _, tables = _fingerprints_of(database_url)
    if tables:
        raise BackupError(
            f"The target database already has {len(tables)} tables. Restore into a new, "
            "empty database."
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"The media folder {media_root} is not empty.")


def backup_restore(
    *, folder: Path, database_url: str, media_root: Path
) -> RestoreResult:
    """Restore a backup folder into an empty database and media folder, then compare
    every table and file with the manifest."""
    started = dt.datetime.now(dt.UTC)
    folder, media_root = Path(folder), Path(media_root)
    manifest = json.loads((folder / MANIFEST).read_text())
    vendor = manifest["database"]
    config = dj_database_url.parse(database_url)
    if vendor == "postgresql":
        if "postgresql" not in config["ENGINE"]:
            raise BackupError("A PostgreSQL backup must be restored into PostgreSQL.")
        _check_empty(vendor, database_url, media_root)
        _run(
            [
                pg_program("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                config["NAME"],
                str(folder / PG_DUMP),
            ],
            _pg_env(config),
        )
    else:
        target = Path(config["NAME"])
        if target.exists() and target.stat().st_size:
            raise BackupError(f"{target} already exists. Restore into a new file.")
        _check_empty(vendor, database_url, media_root)
        shutil.copyfile(folder / SQLITE_COPY, target)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_ARCHIVE, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    _, tables = _fingerprints_of(database_url)
    files = media_fingerprints(media_root)
    return RestoreResult(
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        files=len(files),
        differences=compare(manifest, tables, files),
        seconds=(dt.datetime.now(dt.UTC) - started).total_seconds(),
    )
