from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "zona.onboarding"
    verbose_name = _("Bulk import and export")

    def ready(self) -> None:
        from zona.jobs.kinds import register

        from .jobs import KIND

        register(KIND)
