from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "zona.evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from zona.evidence import library
        from zona.jobs.kinds import register
        from zona.orgs.eligibility import register_records

        from .eligibility import compliance_records, lke_records
        from .library import UnitEvidence
        from .rescoring import KIND

        library.register(UnitEvidence())
        register_records(lke_records)
        register_records(compliance_records)
        register(KIND)
