from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "zona.findings"
    verbose_name = _("Audit findings and capaian kinerja")

    def ready(self) -> None:
        from zona.evaluations import feeds

        from .tlhp import provider

        feeds.register(feeds.TLHP, provider)

        from zona.orgs.eligibility import register_records

        from .eligibility import tlhp_records

        register_records(tlhp_records)
