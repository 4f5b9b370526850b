"""Property-based run of the whole API against its own OpenAPI schema (schemathesis): no
input, valid or not, may give a server error (5xx) or a response that breaks the schema (the
error shape included: every operation documents it as its `default` response).

Authenticated as the coordinator of instansi A, who reaches data: instansi, units, an
evaluation in draft with answers and evidence, a finding with a recommendation and a follow-up
document, an action plan with an activity, a monev report, people and roles, a notification.
Bounded: a few examples per operation."""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from zona.evaluations import actions

from .conftest import make_token

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes "old" database connections around every request; inside a
    test's transaction that would close the test's own connection (PostgreSQL). Django's test
    client disconnects the same handler for the same reason."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def reachable(world, frameworks, evaluation):
    """The coordinator's token and ids that exist within their reach: half of the generated
    cases are pointed at them, so the run goes past the 404 of a random id."""
    actions.save_answer(world.users["member_a1"], evaluation, "2", "unit", "b", "", 0)
    evidence = actions.add_evidence(
        world.users["member_a1"], evaluation, "2", description="SK Tim ZI", url="https://x.test/sk"
    )
    ids = {
        "evaluation_id": evaluation.pk, "instansi_id": world.a.pk, "unit_id": world.a1.pk,
        "evidence_id": evidence.pk, "link_id": evidence.links.get().pk, "question": "2",
        "code": "lke-2021", "version": evaluation.framework.version,
        **_findings_plans_people(world, evaluation),
    }  # fmt: skip
    return make_token(world.users["coordinator_a"]), ids, itertools.count()


def _findings_plans_people(world, evaluation) -> dict:
    from datetime import date

    from zona.findings import actions as findings
    from zona.notifications.actions import notify
    from zona.notifications.models import Kind
    from zona.plans import actions as plans

    coordinator, member = world.users["coordinator_a"], world.users["member_a1"]
    finding = findings.create_finding(
        coordinator, world.a1, source="bpk", report_number="LHP 1",
        report_date=date(2025, 5, 1), title="Temuan",
    )  # fmt: skip
    rec = findings.add_recommendation(coordinator, finding, "Rekomendasi")
    findings.report_follow_up(member, rec, "Sudah", url="https://x.test/ba", description="BA")
    plan = plans.create_plan(member, world.a1, 2026, evaluation.framework)
    activity = plans.save_activity(member, plan, {
        "title": "Agen", "area": "MP", "output": "SK", "owner": member,
        "start_date": date(2026, 1, 5), "due_date": date(2026, 6, 30),
    })  # fmt: skip
    monev = plans.create_monev(member, world.a1, 2026, "tw1")
    [note] = notify(
        [coordinator], Kind.MENTION, world.a1, link="/x", key="schema",
        context={"actor": "Rina", "question": "2", "unit": "Unit A1", "year": 2026},
    )  # fmt: skip
    from zona.accounts.actions import invite

    invitation, _link = invite(
        coordinator, email="calon@example.test", full_name="Calon", role="unit_member",
        unit=world.a2, base_url="http://testserver/",
    )  # fmt: skip
    return {
        "invitation_id": invitation.pk, "finding_id": finding.pk, "recommendation_id": rec.pk,
        "document_id": rec.documents.get().pk, "plan_id": plan.pk, "activity_id": activity.pk,
        "monev_id": monev.pk, "person_id": member.pk, "role_id": member.roles.get().pk,
        "notification_id": note.pk,
    }  # fmt: skip


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case, reachable):
    token, ids, counter = reachable
    if next(counter) % 2 and case.path_parameters:
        case.path_parameters = {
            name: ids.get(name, value) for name, value in case.path_parameters.items()
        }
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
