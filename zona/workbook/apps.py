from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbookConfig(AppConfig):
    name = "zona.workbook"
    verbose_name = _("Workbooks and exports")
