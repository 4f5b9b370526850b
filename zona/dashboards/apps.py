from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "zona.dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from zona.jobs.kinds import register

        from .jobs import KIND

        register(KIND)
