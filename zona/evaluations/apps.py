from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "zona.evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from zona.orgs.eligibility import register_records

        from .eligibility import lke_records

        register_records(lke_records)

        from zona.jobs.kinds import register

        from .rescoring import KIND

        register(KIND)
