from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    name = "zona.workbook"
    verbose_name = _("Workbooks and exports")

    def ready(self) -> None:
        from zona.jobs.kinds import register

        from .jobs import APPLY_KIND, CHECK_KIND

        register(CHECK_KIND)
        register(APPLY_KIND)
