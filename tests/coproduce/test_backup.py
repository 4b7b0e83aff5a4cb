"""The backup and restore drill: back up the demo, restore it into a new database and
media folder, and compare every table and every file."""

import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from coproduce.backup import backup_create, backup_restore, media_fingerprints
from evaluation.demo import demo_load_all
from tests.conftest import service_missing
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path):
    root = tmp_path / "media"
    (root / "evidence" / "2026").mkdir(parents=True)
    (root / "evidence" / "2026" / "notes.txt").write_text("Workshop notes\n")
    (root / "reports").mkdir()
    (root / "reports" / "case-study.pdf").write_bytes(b"%PDF-1.7 " + bytes(range(256)))
    return root


def _postgres_database():
    """A new empty database on the same PostgreSQL server, dropped afterwards."""
    import psycopg

    config = connection.settings_dict
    name = f"{config['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    params = dict(
        host=config["HOST"] or "localhost",
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = (
        f"postgres://{config['USER']}:{config['PASSWORD']}@{params['host']}:"
        f"{params['port']}/{name}"
    )

    def drop():
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def _target(tmp_path):
    if connection.vendor == "postgresql":
        return _postgres_database()
    return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None


def test_the_demo_restores_exactly_into_a_new_database(tmp_path, media):
    demo_load_all()
    backup = backup_create(out_dir=tmp_path / "backups", media_root=media)
    manifest = json.loads((backup.folder / "manifest.json").read_text())
    assert backup.tables >= 40
    assert manifest["tables"]["projects_project"]["rows"] > 0
    assert set(manifest["media"]) == {
        "evidence/2026/notes.txt",
        "reports/case-study.pdf",
    }

    url, drop = _target(tmp_path)
    try:
        restored = backup_restore(
            folder=backup.folder, database_url=url, media_root=tmp_path / "restored"
        )
        assert restored.differences == []
        assert (restored.tables, restored.rows, restored.files) == (
            backup.tables,
            backup.rows,
            backup.files,
        )
        assert media_fingerprints(tmp_path / "restored") == media_fingerprints(media)
    finally:
        drop()


def test_a_restore_that_lost_something_says_so(tmp_path, media):
    ProjectFactory()
    backup = backup_create(out_dir=tmp_path / "backups", media_root=media)
    manifest_path = backup.folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["tables"]["projects_project"]["rows"] += 1
    manifest["media"]["reports/lost.pdf"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))

    url, drop = _target(tmp_path)
    try:
        with pytest.raises(CommandError, match="differs from the backup in 2 places"):
            call_command(
                "restore",
                str(backup.folder),
                database_url=url,
                media_root=str(tmp_path / "restored"),
            )
    finally:
        drop()


def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path, media):
    backup = backup_create(out_dir=tmp_path / "backups", media_root=media)
    if connection.vendor != "postgresql":
        service_missing("restoring over a live database is checked on PostgreSQL")
    config = connection.settings_dict
    live = (
        f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST']}:"
        f"{config['PORT']}/{config['NAME']}"
    )
    with pytest.raises(CommandError, match="Restore into a new, empty database"):
        call_command(
            "restore", str(backup.folder), database_url=live, media_root=str(media)
        )
