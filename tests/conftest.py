"""Shared fixtures: a programme with a project, and one user per access role."""

import os

import pytest

from coproduce.celery import app as celery_app
from coproduce.storage import media_storage
from projects.models import (
    AccessRole,
    ProgrammeMembership,
    ProjectMembership,
    ProjectStakeholder,
)
from tests.factories import (
    ProgrammeFactory,
    ProjectFactory,
    StakeholderFactory,
    UserFactory,
)

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1" or (
    os.environ.get("CI") == "true"
)


def service_missing(reason: str):
    """Fail in CI (services are part of the contract there); skip on a laptop."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _tasks_in_process():
    """Tests run Celery tasks in-process unless a test starts a real worker."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield


@pytest.fixture(autouse=True)
def _tasks_inside_the_call(settings):
    """Tasks run inside the call in tests (not in `make run`'s background thread);
    tests/coproduce/test_background.py turns the thread on."""
    settings.TASKS_IN_THREAD = False


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Tests keep files on the local disk even when the shell names a bucket, so they never
# write to a real one (nor do the workers they start, which inherit this environment).
# tests/test_storage.py points storage at its own S3 server on loopback.
os.environ.pop("AWS_STORAGE_BUCKET_NAME", None)


@pytest.fixture(autouse=True)
def _media_on_local_disk(settings):
    settings.STORAGES = {**settings.STORAGES, "default": media_storage({})}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Row ids repeat across tests (rolled back), so cached figures must not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def programme(db):
    return ProgrammeFactory(slug="demo-programme")


@pytest.fixture
def project(programme):
    return ProjectFactory(programme=programme, slug="the-project")


@pytest.fixture
def stakeholder(project):
    person = StakeholderFactory(programme=project.programme, display_name="Ann Example")
    ProjectStakeholder.objects.create(project=project, stakeholder=person)
    return person


def _member(programme, role, username):
    user = UserFactory(username=username)
    ProgrammeMembership.objects.create(user=user, programme=programme, role=role)
    return user


@pytest.fixture
def facilitator(programme):
    return _member(programme, AccessRole.FACILITATOR, "facilitator")


@pytest.fixture
def commissioner(programme):
    return _member(programme, AccessRole.COMMISSIONER, "commissioner")


@pytest.fixture
def evaluator(programme):
    return _member(programme, AccessRole.EVALUATOR, "evaluator")


@pytest.fixture
def viewer(programme):
    return _member(programme, AccessRole.VIEWER, "viewer")


@pytest.fixture
def project_facilitator(project):
    user = UserFactory(username="project-facilitator")
    ProjectMembership.objects.create(
        user=user, project=project, role=AccessRole.FACILITATOR
    )
    return user


@pytest.fixture
def outsider(db):
    """Facilitator of another programme: signed in, but no business here."""
    other = ProgrammeFactory(slug="other-programme")
    return _member(other, AccessRole.FACILITATOR, "outsider")


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)
