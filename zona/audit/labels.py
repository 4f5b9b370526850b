"""What each audit action code means, as a person reads it: the audit trail's page, its filter
and its CSV/XLSX show these labels, never the code (`record(actor, "evaluation.submit", …)`).

One registry for every code `zona.audit.log.record` is called with anywhere in `zona/`;
`tests/audit/test_action_labels.py` reads the calls in the source and fails on a code that has
no label here. A code no longer written (an old event) shows as itself.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "account.bootstrap_admin": _("System administrator created at installation"),
    "activity.created": _("Action plan activity created"),
    "activity.changed": _("Action plan activity changed"),
    "activity.evidence_added": _("Evidence added to an activity"),
    "activity.evidence_attached": _("Evidence from the library attached to an activity"),
    "activity.evidence_detached": _("Evidence taken off an activity"),
    "api_token.created": _("API token created"),
    "api_token.revoked": _("API token revoked"),
    "eligibility.threshold_set": _("Eligibility threshold set"),
    "evaluation.created": _("Evaluation created"),
    # the stage moves (zona.evaluations.actions.TRANSITIONS)
    "evaluation.submit": _("LKE submitted to the TPI"),
    "evaluation.start_review": _("TPI review started"),
    "evaluation.return": _("LKE returned to the unit for revision"),
    "evaluation.finalise": _("TPI review finalised"),
    "evaluation.reopen_tpi": _("TPI review reopened"),
    "evaluation.not_proposed": _("Evaluation closed without a proposal"),
    "evaluation.propose": _("Unit proposed to KemenPANRB"),
    "evaluation.start_desk": _("Desk evaluation started"),
    "evaluation.start_field": _("Field evaluation started"),
    "evaluation.decide": _("Predicate decided by the TPN"),
    "evaluation.close": _("Evaluation closed"),
    "evaluation.reopen": _("Evaluation reopened"),
    "evaluation.revision_requested": _("Revision of an answer requested"),
    "evaluation.revision_withdrawn": _("Revision request withdrawn"),
    "evaluation.revision_replied": _("Revision request answered by the unit"),
    "evaluation.revision_closed": _("Revision request closed"),
    "evaluation.revision_reopened": _("Revision request reopened"),
    "evaluation.tpi_released": _("TPI layer released to the unit"),
    "evaluation.signed_report_uploaded": _("Signed evaluation report uploaded"),
    "evaluation.agreed_with_unit": _("The unit's answers taken over by an evaluator"),
    "evaluation.feed_chosen": _("Answer taken from a data feed"),
    "evaluation.counts_from_register": _("Service counts taken from the register"),
    "evaluation.workbook_imported": _("Answers imported from a workbook"),
    "evidence.added": _("Evidence added"),
    "evidence.attached": _("Evidence attached to a question"),
    "evidence.detached": _("Evidence taken off a question"),
    "finding.created": _("Audit finding recorded"),
    "finding.changed": _("Audit finding changed"),
    "finding.recommendation_added": _("Recommendation added to a finding"),
    "finding.deadline_set": _("Recommendation deadline set"),
    "finding.status_changed": _("Recommendation status changed"),
    "finding.follow_up_reported": _("Follow-up of a recommendation reported"),
    "framework.loaded": _("LKE framework loaded"),
    "framework.activated": _("LKE framework activated"),
    "framework.deactivated": _("LKE framework deactivated"),
    "framework.rescored": _("Evaluations rescored with a new framework version"),
    "innovation.created": _("Innovation recorded"),
    "innovation.changed": _("Innovation changed"),
    "innovation.evidence_added": _("Evidence added to an innovation"),
    "instansi.deadline_set": _("Internal deadline set"),
    "instansi.facts_saved": _("Instansi facts of the year saved"),
    "instansi.pencanangan_recorded": _("Pencanangan recorded"),
    "instansi.letterhead_saved": _("Letterhead saved"),
    "invitation.sent": _("Invitation sent"),
    "invitation.accepted": _("Invitation accepted"),
    "invitation.revoked": _("Invitation revoked"),
    "monev.created": _("Monitoring report created"),
    "monev.changed": _("Monitoring report changed"),
    # the monitoring report's moves (zona.plans.actions.MONEV_MOVES)
    "monev.submit": _("Monitoring report submitted"),
    "monev.sign": _("Monitoring report signed off"),
    "monev.return": _("Monitoring report returned for changes"),
    "notifications.preference_set": _("Notification settings changed"),
    "performance.saved": _("Performance figures saved"),
    "performance.document_added": _("Performance document added"),
    "plan.created": _("Action plan created"),
    "public_page.changed": _("Public innovation page switched"),
    "publication.created": _("Publication recorded"),
    "publication.changed": _("Publication changed"),
    "publication.attached": _("Publication attached to the LKE"),
    "role.granted": _("Role granted"),
    "role.changed": _("Role changed"),
    "role.revoked": _("Role revoked"),
    "service.created": _("Public service recorded"),
    "service.changed": _("Public service changed"),
    "stage.marked": _("Stage of the development marked as reached"),
    "stage.unmarked": _("Stage of the development unmarked"),
    "surveys.instrument.create": _("Survey instrument created"),
    "surveys.instrument.update": _("Survey instrument changed"),
    "surveys.survey.create": _("Survey created"),
    "surveys.survey.update": _("Survey changed"),
    "surveys.survey.pause": _("Survey paused"),
    "surveys.survey.resume": _("Survey resumed"),
    "surveys.tokens.create": _("Survey tokens created"),
    "surveys.responses.import": _("Survey responses imported"),
    "unit.created": _("Unit created"),
    "unit.updated": _("Unit changed"),
    "unit.compliance_saved": _("Unit compliance of the year saved"),
    "unit.award_recorded": _("Predicate award recorded"),
}


def action_label(code: str) -> str:
    """The label of an action code; an unknown (old) code as itself."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def object_type_label(object_type: str) -> str:
    """`evaluations.evaluation` → the model's name ("evaluasi"); an unknown type as itself."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)
