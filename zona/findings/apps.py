from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "zona.findings"
    verbose_name = _("Audit findings and capaian kinerja")

    def ready(self) -> None:
        from zona.evaluations import feeds
        from zona.evidence import library
        from zona.orgs.eligibility import register_records

        from .eligibility import tlhp_records
        from .library import FindingDocuments
        from .tlhp import provider

        feeds.register(feeds.TLHP, provider)
        library.register(FindingDocuments())
        register_records(tlhp_records)
