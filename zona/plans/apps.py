from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "zona.plans"
    verbose_name = _("Action plans and monitoring")
