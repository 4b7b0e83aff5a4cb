"""Coding rounds for tests, opened through the service as the pages do."""

from evaluation.coding import services
from evaluation.models import CodingScope
from projects.models import AccessRole, ProgrammeMembership
from tests.evaluation.evidence.factories import QuoteFactory, ThemeFactory
from tests.factories import UserFactory


def coder_user(programme, username, role=AccessRole.EVALUATOR):
    user = UserFactory(username=username, first_name=username.capitalize())
    ProgrammeMembership.objects.create(user=user, programme=programme, role=role)
    return user


def round_open(programme, project, *, coders, quotes=4, themes=2, opened_by=None):
    """A round over ``quotes`` new quotes of ``project`` with ``themes`` new themes."""
    theme_list = [ThemeFactory(programme=programme) for _ in range(themes)]
    for _ in range(quotes):
        QuoteFactory(project=project)
    return services.round_open(
        programme=programme,
        data={"title": "Round one", "scope": CodingScope.PROJECT, "project": project},
        themes=theme_list,
        coders=coders,
        user=opened_by,
    )
