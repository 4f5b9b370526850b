from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "zona.plans"
    verbose_name = _("Action plans and monitoring")

    def ready(self):
        from zona.dashboards.sections import register_unit_section

        from .dashboard import action_plan_section

        register_unit_section(action_plan_section, order=20)
