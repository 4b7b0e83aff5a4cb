import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deploy_check_with_no_warnings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "x9!" * 20 + "a-long-random-production-like-key",
        "ALLOWED_HOSTS": "coproduce.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_pages_forbid_inline_and_third_party_scripts(client, db):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_postgresql_connections_turn_the_jit_compiler_off():
    env = {**os.environ, "DATABASE_URL": "postgres://cp:cp@127.0.0.1:1/cp"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='coproduce.settings';"
        "django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['OPTIONS'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "'options': '-c jit=off'" in result.stdout


def test_a_sign_in_lasts_a_working_day(client, db, settings):
    from tests.factories import UserFactory

    assert settings.SESSION_COOKIE_AGE == 10 * 3600
    user = UserFactory()
    user.set_password("a-long-enough-password-1")
    user.save()
    response = client.post(
        "/accounts/login/",
        {"login": user.username, "password": "a-long-enough-password-1"},
    )
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.cookies["sessionid"]["max-age"] == 10 * 3600
