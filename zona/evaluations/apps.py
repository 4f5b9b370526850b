from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "zona.evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from zona.evidence import library

        from .library import UnitEvidence

        library.register(UnitEvidence())
