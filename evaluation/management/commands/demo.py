from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluation.demo import demo_load_all
from evaluation.demo.projects import DEMO_USERS


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
        sign_ins = demo_load_all()
        self.stdout.write(self.style.SUCCESS("Demo programme loaded."))
        self.stdout.write("Local-only demo sign-ins (username / password):")
        for username, _, _, _, role in DEMO_USERS:
            self.stdout.write(
                f"  {username:<6} / {sign_ins[username]}   ({role.label})"
            )
