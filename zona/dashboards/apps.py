from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "zona.dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from zona.jobs.kinds import register

        from .jobs import KIND

        register(KIND)
        self._connect_edits()

    def _connect_edits(self) -> None:
        """Saving or deleting a row the dashboards read gives their cached figures a new key
        (`cache.py`)."""
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from .cache import bump

        for label in (
            "orgs.Instansi", "orgs.UnitKerja", "orgs.UnitType", "orgs.InstansiYear",
            "orgs.UnitYear", "orgs.PredicateAward", "orgs.EligibilityThreshold",
            "evaluations.Evaluation", "evaluations.InstansiDeadline",
            "evaluations.NationalDeadline", "surveys.Survey", "findings.Finding",
            "findings.Recommendation", "findings.StatusChange",
        ):  # fmt: skip
            model = apps.get_model(label)
            post_save.connect(bump, sender=model, dispatch_uid=f"dashboards-{label}-save")
            post_delete.connect(bump, sender=model, dispatch_uid=f"dashboards-{label}-delete")
