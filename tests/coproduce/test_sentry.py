"""Error reports leave without personal data (coproduce.sentry.scrub_event)."""

import copy
import json
import os
import subprocess
import sys

from coproduce.sentry import scrub_event

QUOTE = "I waited nine weeks and nobody rang me back about my son's assessment"


def django_error_event():
    """Shaped like an event from sentry-sdk's Django and Celery integrations."""
    return {
        "event_id": "5d7f0c2e4b9a4c1e8f6a3b2d1c0e9f8a",
        "level": "error",
        "platform": "python",
        "transaction": "/score/Zk3vQ9xLrT2mN8pW4sY6uB1cD5eF7gH0/",
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": 'duplicate key for "amira.hassan@example.org"',
                    "stacktrace": {
                        "frames": [
                            {
                                "filename": "evaluation/evidence/services.py",
                                "function": "quote_add",
                                "lineno": 88,
                                "vars": {
                                    "text": QUOTE,
                                    "speaker": "Amira Hassan",
                                },
                            }
                        ]
                    },
                }
            ]
        },
        "request": {
            "url": "https://coproduce.example.org/score/Zk3vQ9xLrT2mN8pW4sY6uB1cD5eF7gH0/",
            "method": "POST",
            "query_string": "q=Amira+Hassan",
            "data": {"text": QUOTE, "speaker": "Amira Hassan"},
            "cookies": {"sessionid": "s3cr3tsession", "csrftoken": "tok"},
            "headers": {
                "Host": "coproduce.example.org",
                "User-Agent": "Mozilla/5.0",
                "Cookie": "sessionid=s3cr3tsession",
                "Referer": "https://coproduce.example.org/people/?q=Amira",
                "X-Request-ID": "req-0123456789",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "user": {
            "id": "42",
            "email": "cam.commissioner@example.org",
            "username": "cam",
            "ip_address": "203.0.113.9",
        },
        "breadcrumbs": {
            "values": [
                {
                    "category": "query",
                    "message": 'SELECT ... WHERE "email" = %s',
                    "data": {"params": ["amira.hassan@example.org"]},
                },
                {
                    "category": "evaluation",
                    "message": "Mail sent to amira.hassan@example.org",
                    "data": {"name": "Amira Hassan"},
                },
            ]
        },
        "logentry": {
            "message": "Quote by %s refused",
            "params": ["Amira Hassan"],
        },
        "extra": {
            "celery-job": {
                "task_name": "evaluation.tasks.report_render",
                "args": [QUOTE],
                "kwargs": {},
            }
        },
        "contexts": {"runtime": {"name": "CPython", "version": "3.11.7"}},
        "tags": {"request_id": "req-0123456789"},
    }


def test_an_error_report_keeps_how_it_failed_and_loses_who_it_was_about():
    event = scrub_event(django_error_event(), {})
    sent = json.dumps(event)
    for personal in (
        QUOTE,
        "Amira",
        "amira.hassan@example.org",
        "cam.commissioner@example.org",
        "s3cr3tsession",
        "203.0.113.9",
        "Zk3vQ9xLrT2mN8pW4sY6uB1cD5eF7gH0",
        '"cam"',
    ):
        assert personal not in sent, personal
    frame = event["exception"]["values"][0]["stacktrace"]["frames"][0]
    assert frame["function"] == "quote_add" and frame["lineno"] == 88
    assert event["exception"]["values"][0]["value"] == 'duplicate key for "[email]"'
    assert event["request"]["url"] == "https://coproduce.example.org/score/[token]/"
    assert event["request"]["headers"] == {
        "Host": "coproduce.example.org",
        "User-Agent": "Mozilla/5.0",
        "X-Request-ID": "req-0123456789",
    }
    assert event["request"]["data"] == "[removed]"
    assert event["user"] == {"id": "42"}
    assert event["tags"] == {"request_id": "req-0123456789"}
    assert event["breadcrumbs"]["values"][1]["message"] == "Mail sent to [email]"


def test_an_event_without_a_request_or_user_passes_unchanged_in_shape():
    event = {"message": "Beat could not reach Redis", "level": "warning"}
    assert scrub_event(copy.deepcopy(event), None) == event


def test_sentry_starts_only_with_a_dsn_and_without_personal_data():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='coproduce.settings';"
        "import django; django.setup(); import sentry_sdk;"
        "c = sentry_sdk.get_client(); o = c.options;"
        "print(c.is_active(), o['send_default_pii'], o['include_local_variables'],"
        " o['before_send'].__module__, sorted(c.integrations))"
    )
    env = {**os.environ, "SENTRY_DSN": "https://public@sentry.example.org/1"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    active, pii, local_vars, before_send, integrations = result.stdout.split(" ", 4)
    assert (active, pii, local_vars) == ("True", "False", "False")
    assert before_send == "coproduce.sentry"
    assert "'django'" in integrations and "'celery'" in integrations
    # Without SENTRY_DSN (as in this test run) nothing is set up.
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()
