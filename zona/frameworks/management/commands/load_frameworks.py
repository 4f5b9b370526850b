from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zona.frameworks.actions import FrameworkConflict, load_framework
from zona.lke import FrameworkError
from zona.lke.registry import FRAMEWORK_DIR


class Command(BaseCommand):
    help = "Load the LKE frameworks shipped with Zona (or the given YAML files) into the database."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="framework files (default: the shipped ones)")

    def handle(self, *args, files, **options):
        paths = files or sorted(FRAMEWORK_DIR.glob("*.yaml"))
        for path in paths:
            try:
                source = Path(path).read_text(encoding="utf-8")
                version, created = load_framework(source, None, builtin=not files)
            except OSError as exc:
                raise CommandError(f"{path}: {exc}") from None
            except (FrameworkError, FrameworkConflict) as exc:
                raise CommandError(f"{path}: {exc}") from None
            state = "dimuat/loaded" if created else "sudah ada/already present"
            self.stdout.write(f"{version} ({version.question_count}): {state}")
