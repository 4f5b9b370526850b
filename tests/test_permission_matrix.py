"""Every URL with every role: the expected answer (200, a redirect to log in, 404, 405, 410).

A person outside an object's reach gets 404, as if it did not exist. This table is the
permission model in one place: change a rule, change its row here.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

ROLES = [
    "anonymous",
    "norole",
    "sysadmin",
    "coordinator_a",
    "tpi_a",
    "tpi_lead_a",
    "leadership_a",
    "member_a1",
    "lead_a1",
    "tpn",
]
LOGGED_IN = ROLES[1:]
INSTANSI_A = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a"}
MANAGE_A = {"sysadmin", "coordinator_a"}


def expect(allowed: set[str] | str, otherwise: int = 404) -> dict[str, int]:
    """200 for the allowed roles, `otherwise` for the rest, a login redirect for anonymous."""
    allowed = set(LOGGED_IN) if allowed == "all" else allowed
    return {
        role: (302 if role == "anonymous" else 200 if role in allowed else otherwise)
        for role in ROLES
    }


# (name, url builder, expected per role)
MATRIX = [
    ("home", lambda w: reverse("home"), expect("all")),
    ("instansi list", lambda w: reverse("orgs:instansi_list"), expect("all")),
    (
        "instansi A",
        lambda w: reverse("orgs:instansi", args=[w.a.pk]),
        expect(INSTANSI_A | {"member_a1", "lead_a1"}),
    ),
    ("instansi B", lambda w: reverse("orgs:instansi", args=[w.b.pk]), expect({"sysadmin"})),
    (
        "instansi A facts",
        lambda w: reverse("orgs:instansi_year", args=[w.a.pk, 2025]),
        expect(MANAGE_A),
    ),
    (
        "instansi B facts",
        lambda w: reverse("orgs:instansi_year", args=[w.b.pk, 2025]),
        expect({"sysadmin"}),
    ),
    ("pencanangan A", lambda w: reverse("orgs:pencanangan_add", args=[w.a.pk]), expect(MANAGE_A)),
    ("letterhead A", lambda w: reverse("orgs:letterhead", args=[w.a.pk]), expect(MANAGE_A)),
    ("letterhead B", lambda w: reverse("orgs:letterhead", args=[w.b.pk]), expect({"sysadmin"})),
    # No logo uploaded: nobody gets a file (tests/orgs/test_letterhead.py: with one).
    ("logo A (none)", lambda w: reverse("orgs:instansi_logo", args=[w.a.pk]), expect(set())),
    ("add unit to A", lambda w: reverse("orgs:unit_add", args=[w.a.pk]), expect(MANAGE_A)),
    ("add unit to B", lambda w: reverse("orgs:unit_add", args=[w.b.pk]), expect({"sysadmin"})),
    (
        "unit A1",
        lambda w: reverse("orgs:unit", args=[w.a1.pk]),
        expect(INSTANSI_A | {"member_a1", "lead_a1"}),
    ),
    ("unit A1a (under A1)", lambda w: reverse("orgs:unit", args=[w.a1a.pk]), expect(INSTANSI_A)),
    ("unit A2", lambda w: reverse("orgs:unit", args=[w.a2.pk]), expect(INSTANSI_A)),
    ("unit B1", lambda w: reverse("orgs:unit", args=[w.b1.pk]), expect({"sysadmin"})),
    ("edit unit A1", lambda w: reverse("orgs:unit_edit", args=[w.a1.pk]), expect(MANAGE_A)),
    (
        "compliance A1",
        lambda w: reverse("orgs:unit_year", args=[w.a1.pk, 2025]),
        expect(MANAGE_A | {"lead_a1"}),
    ),
    (
        "compliance B1",
        lambda w: reverse("orgs:unit_year", args=[w.b1.pk, 2025]),
        expect({"sysadmin"}),
    ),
    ("award A1", lambda w: reverse("orgs:award_add", args=[w.a1.pk]), expect(MANAGE_A)),
    # The innovation register and media log follow the action plan's rule (their own table:
    # tests/innovations/test_innovations_permissions.py); a unit's public page is 404 to
    # everyone until the unit switches it on.
    (
        "innovations A1",
        lambda w: reverse("innovations:register", args=[w.a1.pk]),
        expect(INSTANSI_A | {"member_a1", "lead_a1"}),
    ),
    (
        "innovations B1",
        lambda w: reverse("innovations:register", args=[w.b1.pk]),
        expect({"sysadmin"}),
    ),
    (
        "media log A1",
        lambda w: reverse("innovations:media", args=[w.a1.pk]),
        expect(INSTANSI_A | {"member_a1", "lead_a1"}),
    ),
    (
        "public page A1 (off)",
        lambda w: reverse("innovations:public", args=[w.a1.pk]),
        {role: 404 for role in ROLES},
    ),
    # TPI review tiers: the coordinator's page (the moves per tier have their own table:
    # tests/evaluations/test_tiers.py).
    ("TPI tiers A", lambda w: reverse("evaluations:tiers", args=[w.a.pk]), expect(MANAGE_A)),
    ("TPI tiers B", lambda w: reverse("evaluations:tiers", args=[w.b.pk]), expect({"sysadmin"})),
    ("people", lambda w: reverse("accounts:people"), expect(MANAGE_A)),
    # Imports: the coordinator goes straight to their one instansi (302), the administrator
    # chooses among all (200); tests/onboarding/test_views.py has the upload and batch pages.
    (
        "imports home",
        lambda w: reverse("onboarding:home"),
        {**expect({"sysadmin"}), "coordinator_a": 302},
    ),
    ("imports A", lambda w: reverse("onboarding:index", args=[w.a.pk]), expect(MANAGE_A)),
    ("imports B", lambda w: reverse("onboarding:index", args=[w.b.pk]), expect({"sysadmin"})),
    (
        "import template A",
        lambda w: reverse("onboarding:template", args=[w.a.pk, "units", "xlsx"]),
        expect(MANAGE_A),
    ),
    (
        "export people A",
        lambda w: reverse("onboarding:export", args=[w.a.pk, "people", "csv"]),
        expect(MANAGE_A),
    ),
    (
        "export findings B",
        lambda w: reverse("onboarding:export", args=[w.b.pk, "findings", "xlsx"]),
        expect({"sysadmin"}),
    ),
    ("invite", lambda w: reverse("accounts:invite"), expect(MANAGE_A)),
    ("frameworks", lambda w: reverse("frameworks:list"), expect("all")),
    (
        "framework detail",
        lambda w: reverse("frameworks:detail", args=["lke-2021", "2026.4"]),
        expect("all"),
    ),
    (
        # Opens for whoever sees the evaluation; the library itself only for the unit team
        # while its layer is open (tests/evaluations/test_evidence_library.py).
        "unit's document library from a question of A1",
        lambda w: (
            reverse("evaluations:evidence_question", args=[w.evaluation.pk, "1"])
            + "?lampirkan=1&cari=SK&halaman=2"
        ),
        expect(INSTANSI_A | {"member_a1", "lead_a1"}),
    ),
    ("change password", lambda w: reverse("accounts:password_change"), expect("all")),
    ("notifications", lambda w: reverse("notifications:inbox"), expect("all")),
    ("e-mail settings", lambda w: reverse("notifications:preferences"), expect("all")),
    (
        "forgotten password",
        lambda w: reverse("accounts:password_reset"),
        {role: 200 for role in ROLES},
    ),
    (
        "unknown invitation",
        lambda w: reverse("accounts:accept", args=["nope"]),
        {role: 410 for role in ROLES},
    ),
    (
        "login",
        lambda w: reverse("login"),
        {role: (200 if role == "anonymous" else 302) for role in ROLES},
    ),
]

CASES = [(name, build, role, expected[role]) for name, build, expected in MATRIX for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, build, role, status", CASES, ids=[f"{n}-{r}" for n, _, r, _ in CASES]
)
def test_get(client, world, frameworks, name, build, role, status):
    from zona.evaluations.actions import create_evaluation

    world.evaluation = create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(build(world))
    assert response.status_code == status, f"{name} as {role}"
    if status == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


POSTS = [
    (
        "revoke role",
        lambda w: reverse("accounts:revoke_role", args=[w.users["member_a1"].roles.get().pk]),
        MANAGE_A,
    ),
    ("edit unit B1", lambda w: reverse("orgs:unit_edit", args=[w.b1.pk]), {"sysadmin"}),
    ("letterhead B", lambda w: reverse("orgs:letterhead", args=[w.b.pk]), {"sysadmin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, build, allowed", POSTS, ids=[p[0] for p in POSTS])
@pytest.mark.parametrize("role", LOGGED_IN)
def test_post_outside_reach_is_refused(client, world, frameworks, name, build, allowed, role):
    from zona.evaluations.actions import create_evaluation

    world.evaluation = create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    client.force_login(world.users[role])
    response = client.post(build(world), {"value": "ya", "version": "0"})
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
    else:
        # 404 outside a person's reach; 403 where they see the evaluation but may not act.
        assert response.status_code in (403, 404), response.status_code


# --- stage moves -------------------------------------------------------------------------------
# Who sees the evaluation of unit A1: its instansi's roles and its unit team; KemenPANRB (tpn)
# once it is proposed. Everyone else gets 404; a person who sees it but may not make the move,
# Zona's 403; the allowed roles the move (a redirect to the evaluation) or, for a move they
# cannot undo, its confirmation screen (200).
SEES_A1 = INSTANSI_A | {"member_a1", "lead_a1"}
NATIONAL = SEES_A1 | {"tpn"}
IRREVERSIBLE = {"submit", "return", "finalise", "propose", "decide", "close", "not_proposed"}

# (move, stage it is made from, roles allowed, roles that see the evaluation there)
MOVES = [
    ("submit", "draft", {"sysadmin", "coordinator_a", "lead_a1"}, SEES_A1),
    ("start_review", "submitted", {"sysadmin", "tpi_a", "tpi_lead_a"}, SEES_A1),
    ("return", "tpi_review", {"sysadmin", "tpi_a", "tpi_lead_a"}, SEES_A1),
    ("finalise", "tpi_review", {"sysadmin", "tpi_lead_a"}, SEES_A1),
    # the ways back from "Final di TPI"
    ("reopen_tpi", "tpi_final", {"sysadmin", "tpi_lead_a"}, SEES_A1),
    ("not_proposed", "tpi_final", {"sysadmin", "coordinator_a"}, SEES_A1),
    ("propose", "tpi_final", {"sysadmin", "coordinator_a"}, SEES_A1),
    ("start_desk", "proposed", {"sysadmin", "tpn"}, NATIONAL),
    ("start_field", "tpn_desk", {"sysadmin", "tpn"}, NATIONAL),
    ("decide", "tpn_field", {"sysadmin", "tpn"}, NATIONAL),
    ("close", "decided", {"sysadmin", "tpn"}, NATIONAL),
    ("reopen", "decided", {"sysadmin", "tpn"}, NATIONAL),
]


def move_status(role: str, move: str, allowed: set[str], sees: set[str]) -> int:
    if role == "anonymous":
        return 302
    if role in allowed:
        return 200 if move in IRREVERSIBLE else 302
    return 403 if role in sees else 404


MOVE_CASES = [
    (move, stage, role, move_status(role, move, allowed, sees))
    for move, stage, allowed, sees in MOVES
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "move, stage, role, status", MOVE_CASES, ids=[f"{m}-{r}" for m, _, r, _ in MOVE_CASES]
)
def test_move(client, world, frameworks, move, stage, role, status):
    from datetime import date

    from django.utils import timezone
    from filling import fill_layer

    from zona.audit.models import AuditEvent
    from zona.evaluations.actions import TRANSITIONS, create_evaluation
    from zona.evaluations.models import Evaluation, NationalDeadline

    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    evaluation = create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    # the layer the move's guard reads, complete: the matrix tests the roles
    layer = {"draft": "unit", "tpi_review": "tpi", "tpi_final": "tpi", "tpn_field": "tpn"}
    if stage in layer:
        fill_layer(evaluation, layer[stage])
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage)
    if role != "anonymous":
        client.force_login(world.users[role])
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("evaluations:move", args=[evaluation.pk, move]),
        {"note": "Alasan", "predicate": "WBK", "decree_number": "SK 1/2026", "decree_date": today},
    )
    assert response.status_code == status, f"{move} as {role}"
    evaluation.refresh_from_db()
    moved = status == 302 and role != "anonymous"
    assert evaluation.stage == (TRANSITIONS[move][1] if moved else stage)
    assert AuditEvent.objects.filter(action=f"evaluation.{move}").exists() == moved
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    elif moved:
        assert response["Location"] == evaluation.get_absolute_url()


# --- background work: a job is its owner's alone; asking for work is checked like its page --

JOB_VIEWS = ["jobs:detail", "jobs:status", "jobs:download"]


@pytest.mark.django_db
@pytest.mark.parametrize("view", JOB_VIEWS)
@pytest.mark.parametrize("role", ROLES)
def test_job_pages_are_the_owners_alone(client, world, view, role, settings, tmp_path):
    from django.core.files.base import ContentFile

    from zona.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    job = Job.objects.create(
        owner=world.users["coordinator_a"], kind="instansi_summary_pdf", title="PDF",
        status="done", language="id", result_name="r.pdf",
    )  # fmt: skip
    job.result.save("r.pdf", ContentFile(b"%PDF-1.7"))
    if role != "anonymous":
        client.force_login(world.users[role])
    status = client.get(reverse(view, args=[job.pk])).status_code
    assert status == {"anonymous": 302, "coordinator_a": 200}.get(role, 404), role


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_asking_for_work(client, world, frameworks, role, settings, tmp_path):
    from zona.frameworks.models import FrameworkVersion
    from zona.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path
    if role != "anonymous":
        client.force_login(world.users[role])
    summary = client.post(reverse("dashboards:instansi_pdf", args=[world.a.pk]), {"tahun": 2026})
    version = FrameworkVersion.objects.get(code="lke-2021")
    rescore = client.post(reverse("evaluations:rescore", args=[version.pk]))
    expected_summary = 302 if role == "anonymous" or role in INSTANSI_A else 404
    expected_rescore = 302 if role in ("anonymous", "sysadmin") else 403
    assert (summary.status_code, rescore.status_code) == (expected_summary, expected_rescore)
    jobs = set(Job.objects.values_list("kind", flat=True))
    assert ("instansi_summary_pdf" in jobs) == (role in INSTANSI_A)
    assert ("rescore_framework_version" in jobs) == (role == "sysadmin")
