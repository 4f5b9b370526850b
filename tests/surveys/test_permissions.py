"""Every survey URL with every role: 200 (or 302 after a POST), a login redirect, or 404.

Seeing a survey follows seeing its unit (zona.orgs.access.units_for); running it belongs to
the unit's team and lead, the instansi coordinator and the administrator; instruments are
edited by the administrator; the public pages answer everyone.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from world import PASSWORD

from surveys.helpers import make_survey
from zona.surveys.actions import generate_tokens

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
LOGGED_IN = set(ROLES[1:])
SEE_A1 = {
    "sysadmin",
    "coordinator_a",
    "tpi_a",
    "tpi_lead_a",
    "leadership_a",
    "member_a1",
    "lead_a1",
}
RUN_A1 = {"sysadmin", "coordinator_a", "member_a1", "lead_a1"}
ADMIN = {"sysadmin"}
PUBLIC = "public"


def expect(allowed, ok: int = 200) -> dict[str, int]:
    if allowed == PUBLIC:
        return dict.fromkeys(ROLES, ok)
    return {role: 302 if role == "anonymous" else ok if role in allowed else 404 for role in ROLES}


# (name, method, url builder, expected per role)
MATRIX = [
    ("list", "get", lambda s: reverse("surveys:list"), expect(LOGGED_IN)),
    ("create", "get", lambda s: reverse("surveys:create"), expect(RUN_A1)),
    ("detail A1", "get", lambda s: reverse("surveys:detail", args=[s["a1"].pk]), expect(SEE_A1)),
    ("detail B1", "get", lambda s: reverse("surveys:detail", args=[s["b1"].pk]), expect(ADMIN)),
    ("edit A1", "get", lambda s: reverse("surveys:edit", args=[s["a1"].pk]), expect(RUN_A1)),
    ("edit B1", "get", lambda s: reverse("surveys:edit", args=[s["b1"].pk]), expect(ADMIN)),
    (
        "pause A1",
        "post",
        lambda s: reverse("surveys:pause", args=[s["a1"].pk]),
        expect(RUN_A1, 302),
    ),
    ("qr A1", "get", lambda s: reverse("surveys:qr", args=[s["a1"].pk]), expect(SEE_A1)),
    ("poster A1", "get", lambda s: reverse("surveys:poster", args=[s["a1"].pk]), expect(SEE_A1)),
    ("poster B1", "get", lambda s: reverse("surveys:poster", args=[s["b1"].pk]), expect(ADMIN)),
    (
        "results report A1",
        "get",
        lambda s: (
            reverse("surveys:results_report", args=[s["a1"].unit_id, s["a1"].year])
            + f"?triwulan={s['a1'].quarter}"
        ),
        expect(SEE_A1),
    ),
    (
        "results report Word A1",
        "get",
        lambda s: (
            reverse("surveys:results_report_docx", args=[s["a1"].unit_id, s["a1"].year])
            + f"?triwulan={s['a1'].quarter}"
        ),
        expect(SEE_A1),
    ),
    (
        "results report B1",
        "get",
        lambda s: (
            reverse("surveys:results_report", args=[s["b1"].unit_id, s["b1"].year])
            + f"?triwulan={s['b1'].quarter}"
        ),
        expect(ADMIN),
    ),
    (
        "export A1",
        "get",
        lambda s: reverse("surveys:export", args=[s["a1"].pk, "csv"]),
        expect(SEE_A1),
    ),
    ("import A1", "get", lambda s: reverse("surveys:import", args=[s["a1"].pk]), expect(RUN_A1)),
    (
        "import template A1",
        "get",
        lambda s: reverse("surveys:template", args=[s["a1"].pk, "xlsx"]),
        expect(RUN_A1),
    ),
    ("tokens A1", "get", lambda s: reverse("surveys:tokens", args=[s["a1"].pk]), expect(RUN_A1)),
    ("tokens B1", "get", lambda s: reverse("surveys:tokens", args=[s["b1"].pk]), expect(ADMIN)),
    (
        "tokens print A1",
        "get",
        lambda s: reverse("surveys:tokens_print", args=[s["a1"].pk, 1]),
        expect(RUN_A1),
    ),
    (
        "token slips PDF A1",
        "get",
        lambda s: reverse("surveys:tokens_pdf", args=[s["a1"].pk, 1]),
        expect(RUN_A1),
    ),
    (
        "tokens download A1",
        "get",
        lambda s: reverse("surveys:tokens_download", args=[s["a1"].pk, 1, "csv"]),
        expect(RUN_A1),
    ),
    ("instruments", "get", lambda s: reverse("surveys:instruments"), expect(LOGGED_IN)),
    (
        "instrument",
        "get",
        lambda s: reverse("surveys:instrument", args=[s["a1"].instrument_id]),
        expect(LOGGED_IN),
    ),
    (
        "instrument edit",
        "get",
        lambda s: reverse("surveys:instrument_edit", args=[s["a1"].instrument_id]),
        expect(ADMIN),
    ),
    ("answer A1", "get", lambda s: reverse("surveys:answer", args=[s["a1"].code]), expect(PUBLIC)),
    ("answer B1", "get", lambda s: reverse("surveys:answer", args=[s["b1"].code]), expect(PUBLIC)),
    (
        "thanks",
        "get",
        lambda s: reverse("surveys:thanks", args=[s["a1"].code]),
        expect(PUBLIC),
    ),
    ("public index", "get", lambda s: reverse("surveys:public_index"), expect(PUBLIC)),
    (
        "public results B1",
        "get",
        lambda s: reverse("surveys:public_results", args=[s["b1"].unit_id]),
        expect(PUBLIC),
    ),
]


@pytest.fixture
def surveys(world, instruments):
    a1 = make_survey(world.a1, instruments["ipak"], code="AAA111")
    b1 = make_survey(world.b1, instruments["ipkp"], code="BBB222")
    generate_tokens(world.users["sysadmin"], a1, 3)
    return {"a1": a1, "b1": b1}


@pytest.mark.parametrize(
    ("name", "method", "build", "expected"), MATRIX, ids=[m[0] for m in MATRIX]
)
def test_permission_matrix(world, surveys, name, method, build, expected):
    url = build(surveys)
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            assert client.login(username=role, password=PASSWORD)
        response = getattr(client, method)(url)
        assert response.status_code == expected[role], (name, role, response.status_code)
        if response.status_code == 302 and role == "anonymous":
            assert response["Location"].startswith(reverse("login"))


def test_pause_is_post_only(world, surveys):
    client = Client()
    client.login(username="lead_a1", password=PASSWORD)
    assert client.get(reverse("surveys:pause", args=[surveys["a1"].pk])).status_code == 405


def test_matrix_covers_every_url():
    from zona.surveys import urls

    assert {p.name for p in urls.urlpatterns} == set(_names_in_matrix())


def _names_in_matrix():
    import inspect

    for _, _, build, _ in MATRIX:
        source = inspect.getsource(build)
        yield source.split('reverse("surveys:')[1].split('"')[0]
