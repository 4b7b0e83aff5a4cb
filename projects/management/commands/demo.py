from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from projects.demo import DEMO_USERS, demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the demo programme and its three demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (demo passwords are public).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "The demo users have published passwords; use --force to load them "
                "on a server with DEBUG off."
            )
        sign_ins = demo_load()
        for loader in demo_extensions():
            loader()
        self.stdout.write(self.style.SUCCESS("Demo programme loaded."))
        self.stdout.write("Local-only demo sign-ins (username / password):")
        for username, _, _, _, role in DEMO_USERS:
            self.stdout.write(
                f"  {username:<6} / {sign_ins[username]}   ({role.label})"
            )


DEMO_MODULES = (
    "projects.demo_progress",
    "logicmodels.demo",
    "evaluation.demo_matrix",
    "evaluation.demo_evidence",
    "evaluation.demo_reports",
)


def demo_extensions():
    """Demo loaders of the other apps, run after the projects exist."""
    from importlib import import_module

    loaders = []
    for module in DEMO_MODULES:
        try:
            loaders.append(import_module(module).demo_load)
        except ModuleNotFoundError:
            continue
    return loaders
