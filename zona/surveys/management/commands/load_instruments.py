"""`manage.py load_instruments [file ...]`: load survey instruments (default: the shipped ones).

A file whose content is already the latest version changes nothing; a changed file corrects
the latest version if no survey uses it yet, and otherwise becomes a new version."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zona.surveys.actions import load_instrument
from zona.surveys.instruments import InstrumentError, shipped_files


class Command(BaseCommand):
    help = "Load survey instruments (YAML); default: zona/surveys/instruments/*.yaml"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args, files, **options):
        for path in files or shipped_files():
            try:
                instrument, status = load_instrument(None, path.read_text(encoding="utf-8"))
            except OSError as exc:
                raise CommandError(f"{path}: {exc}") from None
            except InstrumentError as exc:
                raise CommandError(f"{path}: " + "; ".join(exc.problems)) from None
            self.stdout.write(f"{path.name}: {instrument.code} v{instrument.version} {status}")
