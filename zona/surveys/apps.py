from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "zona.surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from zona.evaluations import feeds as evaluation_feeds

        from .feeds import survey_options

        evaluation_feeds.register(evaluation_feeds.IPAK, survey_options)
        evaluation_feeds.register(evaluation_feeds.IPKP, survey_options)

        from zona.dashboards.sections import register_unit_section

        from .dashboard import survey_section

        register_unit_section(survey_section, order=30)

        from zona.orgs.eligibility import register_records

        from .eligibility import survey_records

        register_records(survey_records)

        from zona.jobs.kinds import register

        from .jobs import KIND

        register(KIND)
