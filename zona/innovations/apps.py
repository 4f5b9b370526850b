from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "zona.innovations"
    verbose_name = _("Innovations and media log")

    def ready(self):
        from zona.dashboards.sections import register_unit_section
        from zona.orgs.public_links import register_public_link

        from .dashboard import innovations_section
        from .public import public_pages

        register_unit_section(innovations_section, order=25)
        register_public_link(public_pages)
