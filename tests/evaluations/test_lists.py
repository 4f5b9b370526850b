"""The evaluation list: who sees which evaluations and which layers' scores, filters, sorting,
pagination, htmx, and a query count that does not grow with the number of rows."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zona.accounts.models import Role, RoleAssignment
from zona.evaluations import actions
from zona.evaluations.models import Evaluation, Layer, LayerScore, Stage
from zona.lke.model import CHOICE_OPTIONS
from zona.orgs.models import Echelon, UnitKerja, UnitType

URL = "/evaluasi/"


def set_score(evaluation: Evaluation, layer: str, total: str, predicate: str = "") -> None:
    LayerScore.objects.filter(evaluation=evaluation, layer=layer).update(
        total=Decimal(total), predicate=predicate
    )


@pytest.fixture
def evals(world, frameworks):
    """A1 2024 (draft), A1a 2024 (TPI review), A2 2023 (decided), B1 2024 (proposed)."""
    admin = world.users["sysadmin"]
    made = {
        "A1": actions.create_evaluation(admin, world.a1, 2024, "WBK"),
        "A1a": actions.create_evaluation(admin, world.a1a, 2024, "WBK"),
        "A2": actions.create_evaluation(admin, world.a2, 2023, "WBK"),
        "B1": actions.create_evaluation(admin, world.b1, 2024, "WBK"),
    }
    Evaluation.objects.filter(pk=made["A1a"].pk).update(stage=Stage.TPI_REVIEW)
    Evaluation.objects.filter(pk=made["A2"].pk).update(
        stage=Stage.DECIDED, tpi_released=True, target="WBBM"
    )
    Evaluation.objects.filter(pk=made["B1"].pk).update(stage=Stage.PROPOSED, tpi_released=True)
    totals = {"A1": ("71.10", "61.20", "51.30"), "A1a": ("72.10", "62.20", "52.30"),
              "A2": ("73.10", "63.20", "53.30"), "B1": ("74.10", "64.20", "54.30")}  # fmt: skip
    for name, (unit, tpi, tpn) in totals.items():
        set_score(made[name], Layer.UNIT, unit)
        set_score(made[name], Layer.TPI, tpi)
        set_score(made[name], Layer.TPN, tpn)
    return made


def get(client, user, **params):
    if user is not None:
        client.force_login(user)
    return client.get(URL, params)


def names(response) -> list[str]:
    return [e.unit.name for e in response.context["page"].object_list]


# --- who sees what ---------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, expected",
    [
        ("sysadmin", {"Unit A1", "Unit A1a", "Unit A2", "Unit B1"}),
        ("coordinator_a", {"Unit A1", "Unit A1a", "Unit A2"}),
        ("tpi_a", {"Unit A1", "Unit A1a", "Unit A2"}),
        ("tpi_lead_a", {"Unit A1", "Unit A1a", "Unit A2"}),
        ("leadership_a", {"Unit A1", "Unit A1a", "Unit A2"}),
        ("member_a1", {"Unit A1"}),
        ("lead_a1", {"Unit A1"}),
        ("tpn", {"Unit A2", "Unit B1"}),  # the national stages only
        ("norole", set()),
    ],
)
def test_each_role_sees_exactly_its_evaluations(client, world, evals, username, expected):
    response = get(client, world.users[username])
    assert response.status_code == 200
    assert set(names(response)) == expected
    assert response.context["page"].paginator.count == len(expected)


@pytest.mark.django_db
def test_anonymous_is_sent_to_the_login(client, evals):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


@pytest.mark.django_db
def test_nothing_to_see_says_so(client, world, evals):
    response = get(client, world.users["norole"])
    assert b"<table" not in response.content
    assert response.context["page"].paginator.count == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, may_create",
    [("sysadmin", True), ("coordinator_a", True), ("member_a1", True), ("lead_a1", True),
     ("tpi_a", False), ("leadership_a", False), ("tpn", False), ("norole", False)],
)  # fmt: skip
def test_start_button_only_for_those_who_may_start(client, world, evals, username, may_create):
    response = get(client, world.users[username])
    assert (reverse("evaluations:create").encode() in response.content) is may_create


# --- which layers' scores --------------------------------------------------------------------
def shown(response) -> dict[str, tuple]:
    """unit name → (unit, tpi, tpn) totals as the page's rows carry them (None = hidden)."""
    return {
        e.unit.name: (e.unit_total, e.tpi_total, e.tpn_total)
        for e in response.context["page"].object_list
    }


@pytest.mark.django_db
def test_unit_team_sees_tpi_only_when_released_and_tpn_only_when_decided(client, world, evals):
    member = world.users["member_a1"]
    RoleAssignment.objects.create(user=member, role=Role.UNIT_MEMBER, unit=world.a2)
    response = get(client, member)
    rows = shown(response)
    assert rows["Unit A1"] == (Decimal("71.1"), None, None)  # draft: its own layer only
    assert rows["Unit A2"] == (Decimal("73.1"), Decimal("63.2"), Decimal("53.3"))  # decided
    html = response.content.decode()
    assert "61,20" not in html and "51,30" not in html  # hidden values never reach the page
    assert "63,20" in html and "53,30" in html

    Evaluation.objects.filter(pk=evals["A1"].pk).update(tpi_released=True)
    rows = shown(get(client, member))
    assert rows["Unit A1"] == (Decimal("71.1"), Decimal("61.2"), None)


@pytest.mark.django_db
def test_instansi_side_sees_tpi_always_and_tpn_after_the_decision(client, world, evals):
    for username in ("tpi_a", "coordinator_a", "leadership_a"):
        rows = shown(get(client, world.users[username]))
        assert rows["Unit A1"] == (Decimal("71.1"), Decimal("61.2"), None)
        assert rows["Unit A1a"] == (Decimal("72.1"), Decimal("62.2"), None)
        assert rows["Unit A2"] == (Decimal("73.1"), Decimal("63.2"), Decimal("53.3"))


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["tpn", "sysadmin"])
def test_national_roles_see_every_layer(client, world, evals, username):
    rows = shown(get(client, world.users[username]))
    assert rows["Unit A2"] == (Decimal("73.1"), Decimal("63.2"), Decimal("53.3"))
    assert rows["Unit B1"] == (Decimal("74.1"), Decimal("64.2"), Decimal("54.3"))


@pytest.mark.django_db
def test_list_mirrors_visible_layers(client, world, evals):
    """For every person and row, the list shows exactly the layers `visible_layers` allows."""
    from zona.evaluations.access import visible_layers

    for user in world.users.values():
        client.force_login(user)
        for e in client.get(URL).context["page"].object_list:
            on_list = [layer for layer in Layer if getattr(e, f"{layer}_shown")]
            fresh = Evaluation.objects.select_related("unit").get(pk=e.pk)
            assert on_list == visible_layers(user, fresh), (user.username, e.unit.name)


@pytest.mark.django_db
def test_sorting_by_a_hidden_score_does_not_reveal_it(client, world, evals):
    member = world.users["member_a1"]
    RoleAssignment.objects.create(user=member, role=Role.UNIT_MEMBER, unit=world.a1a)
    set_score(evals["A1"], Layer.TPI, "90")
    set_score(evals["A1a"], Layer.TPI, "10")  # neither released: both hidden from the unit
    assert names(get(client, member, sort="tpi_total")) == ["Unit A1", "Unit A1a"]
    assert names(get(client, member, sort="-tpi_total")) == ["Unit A1", "Unit A1a"]
    # The TPI itself sees them ordered by the score.
    tpi_order = names(get(client, world.users["tpi_a"], sort="tpi_total"))
    assert tpi_order == ["Unit A1a", "Unit A2", "Unit A1"]  # 10, 63.2, 90


@pytest.mark.django_db
def test_the_list_shows_the_stored_score_an_answer_produces(client, world, evals):
    member = world.users["member_a1"]
    evaluation = evals["A1"]
    framework = evaluation.framework.framework()
    no, question = next((n, q) for n, q in framework.questions.items() if q.type == "ya_tidak")
    assert question.options == CHOICE_OPTIONS["ya_tidak"]
    actions.save_answer(member, evaluation, no, Layer.UNIT, "ya", "", 0)
    stored = LayerScore.objects.get(evaluation=evaluation, layer=Layer.UNIT)
    assert stored.total > 0
    assert shown(get(client, member))["Unit A1"][0] == stored.total


# --- filters ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_filters(client, world, evals):
    admin = world.users["sysadmin"]
    assert names(get(client, admin, instansi=world.b.pk)) == ["Unit B1"]
    assert names(get(client, admin, instansi=world.a.pk, unit=world.a1a.pk)) == ["Unit A1a"]
    assert names(get(client, admin, year=2023)) == ["Unit A2"]
    assert names(get(client, admin, stage=Stage.PROPOSED)) == ["Unit B1"]
    assert names(get(client, admin, target="WBBM")) == ["Unit A2"]
    assert names(get(client, admin, year=2024, instansi=world.a.pk)) == ["Unit A1", "Unit A1a"]


@pytest.mark.django_db
def test_filters_outside_the_choices_are_ignored(client, world, evals):
    coordinator = world.users["coordinator_a"]
    everything_of_a = ["Unit A1", "Unit A1a", "Unit A2"]
    # Instansi B is not the coordinator's: the filter is dropped, not obeyed nor an error.
    assert sorted(names(get(client, coordinator, instansi=world.b.pk))) == everything_of_a
    assert sorted(names(get(client, coordinator, unit=world.b1.pk))) == everything_of_a
    for junk in ({"year": "abc"}, {"stage": "nope"}, {"target": "X"}, {"instansi": "1e9"}):
        assert sorted(names(get(client, coordinator, **junk))) == everything_of_a
    # A unit of another instansi than the chosen one is dropped too.
    admin = world.users["sysadmin"]
    assert names(get(client, admin, instansi=world.b.pk, unit=world.a1.pk)) == ["Unit B1"]
    assert names(get(client, admin, unit="x", unit_name="")) == names(get(client, admin))


@pytest.mark.django_db
def test_choices_are_limited_to_what_the_person_sees(client, world, evals):
    choices = get(client, world.users["coordinator_a"]).context["choices"]
    assert choices == {"instansi": [(world.a.pk, "Instansi A")], "years": [2024, 2023]}

    choices = get(client, world.users["member_a1"]).context["choices"]
    assert choices == {"instansi": [(world.a.pk, "Instansi A")], "years": [2024]}

    admin = world.users["sysadmin"]
    choices = get(client, admin).context["choices"]
    assert [name for _pk, name in choices["instansi"]] == ["Instansi A", "Instansi B"]


# --- the unit filter: a search by name, not a select of thousands of units --------------------
LOOKUP = reverse("evaluations:unit_lookup")


def offered(client, user, **params) -> list[str]:
    client.force_login(user)
    response = client.get(LOOKUP, params, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]*)">', response.content.decode())


@pytest.mark.django_db
def test_the_unit_filter_is_a_text_search(client, world, evals):
    admin = world.users["sysadmin"]
    assert names(get(client, admin, unit_name="a1")) == ["Unit A1", "Unit A1a"]
    assert names(get(client, admin, unit_name="  UNIT   a1A ")) == ["Unit A1a"]
    assert names(get(client, admin, unit_name="unit", instansi=world.b.pk)) == ["Unit B1"]
    assert names(get(client, admin, unit_name="nowhere")) == []
    response = get(client, admin, unit_name="b1")
    assert response.context["chosen"]["unit_name"] == "b1"
    html = response.content.decode()
    assert 'name="unit_name" value="b1"' in html and "<select" in html
    assert (
        'id="f-unit"' in html
        and "<option" not in html.split('id="f-unit"')[1].split("</datalist>")[0]
    )
    # Only the person's own evaluations are searched.
    assert names(get(client, world.users["member_a1"], unit_name="unit")) == ["Unit A1"]
    assert names(get(client, world.users["coordinator_a"], unit_name="b1")) == []
    # A unit asked for by its id shows its name in the field.
    response = get(client, admin, unit=world.a1.pk)
    assert names(response) == ["Unit A1"]
    assert 'name="unit_name" value="Unit A1"' in response.content.decode()


@pytest.mark.django_db
def test_the_unit_lookup_offers_only_units_the_person_sees(client, world, evals):
    admin = world.users["sysadmin"]
    assert offered(client, admin, unit_name="unit") == ["Unit A1", "Unit A1a", "Unit A2", "Unit B1"]
    assert offered(client, admin, unit_name="unit", instansi=world.b.pk) == ["Unit B1"]
    assert offered(client, admin, unit_name="a1") == ["Unit A1", "Unit A1a"]
    assert offered(client, admin, unit_name="u") == []  # too short to be worth a query
    assert offered(client, world.users["coordinator_a"], unit_name="unit") == [
        "Unit A1", "Unit A1a", "Unit A2"
    ]  # fmt: skip
    assert offered(client, world.users["member_a1"], unit_name="unit") == ["Unit A1"]
    assert offered(client, world.users["norole"], unit_name="unit") == []
    # Another instansi's units stay out even when asked for by that instansi.
    assert offered(client, world.users["tpi_a"], unit_name="unit", instansi=world.b.pk) == []
    client.logout()
    response = client.get(LOOKUP, {"unit_name": "unit"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(LOOKUP).status_code in (302, 405)


@pytest.mark.django_db
def test_the_unit_lookup_is_one_query_and_escapes(client, world, evals, django_assert_num_queries):
    UnitKerja.objects.filter(pk=world.a1.pk).update(name='<b>Unit "A1"</b> & co')
    client.force_login(world.users["sysadmin"])
    client.get(LOOKUP, {"unit_name": "unit"})  # the session and the roles are read once
    kind = UnitType.objects.get(name="Biro")
    units = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=world.a, name=f"Unit Z{i:03d}", echelon=Echelon.IV, unit_type=kind)
        for i in range(40)
    )
    add_evaluations(world, units)
    with django_assert_num_queries(4):  # session, user, roles, the units
        html = client.get(LOOKUP, {"unit_name": "unit"}).content.decode()
    assert html.count("<option") == 20
    assert (
        '<option value="&lt;b&gt;Unit &quot;A1&quot;&lt;/b&gt; &amp; co">Instansi A</option>'
        in html
    )
    assert "<b>" not in html


@pytest.mark.django_db
def test_the_home_page_stage_links_filter(client, world, evals):
    response = get(client, world.users["tpi_a"], stage=Stage.TPI_REVIEW)
    assert names(response) == ["Unit A1a"]
    assert response.context["chosen"]["stage"] == Stage.TPI_REVIEW


# --- sorting ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_sorting(client, world, evals):
    admin = world.users["sysadmin"]
    everything = ["Unit A1", "Unit A1a", "Unit A2", "Unit B1"]
    assert names(get(client, admin)) == ["Unit A1", "Unit A1a", "Unit B1", "Unit A2"]  # -year
    assert names(get(client, admin, sort="unit")) == everything
    assert names(get(client, admin, sort="-unit")) == everything[::-1]
    assert names(get(client, admin, sort="year")) == ["Unit A2", "Unit A1", "Unit A1a", "Unit B1"]
    assert names(get(client, admin, sort="-instansi")) == ["Unit B1", "Unit A1", "Unit A1a",
                                                           "Unit A2"]  # fmt: skip
    # Stages sort in the order of the procedure, not alphabetically.
    assert names(get(client, admin, sort="stage")) == ["Unit A1", "Unit A1a", "Unit B1", "Unit A2"]
    assert names(get(client, admin, sort="-stage")) == ["Unit A2", "Unit B1", "Unit A1a", "Unit A1"]
    for layer in ("unit", "tpi", "tpn"):
        assert names(get(client, admin, sort=f"{layer}_total")) == everything
        assert names(get(client, admin, sort=f"-{layer}_total")) == everything[::-1]
    set_score(evals["B1"], Layer.TPI, "1")
    assert names(get(client, admin, sort="tpi_total"))[0] == "Unit B1"


@pytest.mark.django_db
def test_unknown_sort_keys_fall_back_to_the_default(client, world, evals):
    admin = world.users["sysadmin"]
    default = names(get(client, admin))
    for junk in ("password", "-unit__instansi__name", "created_by__password", "?"):
        response = get(client, admin, sort=junk)
        assert response.status_code == 200
        assert names(response) == default


@pytest.mark.django_db
def test_column_headers_toggle_the_direction_and_keep_the_filters(client, world, evals):
    response = get(client, world.users["sysadmin"], sort="unit", year=2024)
    columns = {c["key"]: c for c in response.context["columns"]}
    assert columns["unit"]["active"] and not columns["unit"]["descending"]
    assert columns["unit"]["next"] == "-unit"
    assert columns["year"]["next"] == "year"
    html = response.content.decode()
    assert 'href="/evaluasi/?sort=-unit&amp;year=2024"' in html or (
        'href="/evaluasi/?year=2024&amp;sort=-unit"' in html
    )
    assert 'aria-sort="ascending"' in html
    response = get(client, world.users["sysadmin"], sort="-unit")
    assert {c["key"]: c for c in response.context["columns"]}["unit"]["next"] == "unit"


# --- pagination and query count --------------------------------------------------------------
def add_units(world, count: int, prefix: str = "Unit Z") -> list[UnitKerja]:
    kind = UnitType.objects.get(name="Biro")
    return UnitKerja.objects.bulk_create(
        UnitKerja(instansi=world.a, name=f"{prefix}{i:03d}", echelon=Echelon.IV, unit_type=kind)
        for i in range(count)
    )


def add_evaluations(world, units, year: int = 2024) -> None:
    for unit in units:
        actions.create_evaluation(world.users["sysadmin"], unit, year, "WBK")


@pytest.mark.django_db
def test_pagination_keeps_the_filters(client, world, evals):
    add_evaluations(world, add_units(world, 60))
    admin = world.users["sysadmin"]
    response = get(client, admin, year=2024, sort="unit")
    page = response.context["page"]
    assert page.paginator.count == 63  # 60 new + A1, A1a, B1
    assert len(page.object_list) == 50 and page.paginator.num_pages == 2
    html = response.content.decode()
    links = re.findall(r'href="(/evaluasi/\?[^"]*page=\d+[^"]*)"', html)
    assert links and all("year=2024" in link and "sort=unit" in link for link in links)
    second = get(client, admin, year=2024, sort="unit", page=2)
    assert len(second.context["page"].object_list) == 13
    assert not set(names(response)) & set(names(second))
    # Out of range or nonsense: the last or the first page, never an error.
    assert get(client, admin, page=99).context["page"].number == 2
    assert get(client, admin, page="x").context["page"].number == 1


def count_queries(client, path: str = URL, **headers) -> int:
    """Queries of the page with an empty cache (the filter choices are cached on content)."""
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["sysadmin", "tpi_a", "member_a1", "tpn"])
def test_query_count_does_not_grow_with_the_rows(client, world, frameworks, username):
    user = world.users[username]
    Evaluation.objects.all().delete()
    admin = world.users["sysadmin"]
    first = [
        actions.create_evaluation(admin, unit, 2024, "WBK") for unit in (world.a1, world.a1a)
    ] + [actions.create_evaluation(admin, world.b1, 2024, "WBK")]
    Evaluation.objects.filter(pk__in=[e.pk for e in first]).update(stage=Stage.DECIDED)
    if username == "member_a1":  # give the unit member rows to grow as well
        units = add_units(world, 57)
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, role=Role.UNIT_MEMBER, unit=u) for u in units
        )
    client.force_login(user)
    few = count_queries(client, f"{URL}?sort=-tpi_total")
    few_htmx = count_queries(client, f"{URL}?sort=-tpi_total", HX_Request="true")
    if username != "member_a1":
        units = add_units(world, 57)
    add_evaluations(world, units)
    Evaluation.objects.update(stage=Stage.DECIDED)
    assert Evaluation.objects.count() == 60
    response = client.get(f"{URL}?sort=-tpi_total")
    assert len(response.context["page"].object_list) == 50 or username == "tpi_a"
    assert count_queries(client, f"{URL}?sort=-tpi_total") == few
    assert count_queries(client, f"{URL}?sort=-tpi_total", HX_Request="true") == few_htmx
    assert few <= 12


# --- htmx ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_htmx_gets_the_table_partial_and_the_page_works_without_it(client, world, evals):
    client.force_login(world.users["sysadmin"])
    full = client.get(URL, {"year": 2024})
    html = full.content.decode()
    assert "<html" in html and 'id="evaluation-results"' in html
    assert 'hx-get="/evaluasi/"' in html and 'hx-push-url="true"' in html
    assert 'method="get" action="/evaluasi/"' in html  # a plain GET form without JS
    partial = client.get(URL, {"year": 2024}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and "<table" in body
    assert 'id="f-sort"' in body and 'hx-swap-oob="true"' in body  # the form's state follows
    assert names(partial) == names(full)
    assert "HX-Request" in partial["Vary"]
    # History restore needs the whole page.
    restore = client.get(
        URL, {"year": 2024}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.content.decode()


@pytest.mark.django_db
def test_rows_link_to_the_lke_page(client, world, evals):
    response = get(client, world.users["member_a1"])
    assert f'href="{reverse("evaluations:detail", args=[evals["A1"].pk])}"' in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_names_in_the_filters_are_escaped(client, world, evals):
    UnitKerja.objects.filter(pk=world.a1.pk).update(name='<b>Unit "A1"</b> & co')
    html = get(client, world.users["coordinator_a"]).content.decode()
    assert "<b>Unit" not in html
    assert "&lt;b&gt;Unit &quot;A1&quot;&lt;/b&gt; &amp; co" in html


def test_a_layer_nobody_answered_shows_a_dash_not_zero(client, world, evals):
    """A fresh evaluation's TPI and TPN scores are stored as 0 with nothing answered: the list
    says "no answers yet" rather than a score of 0,00."""
    from zona.evaluations.actions import create_evaluation

    fresh = create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    set_score(fresh, "unit", "71.1")
    html = get(client, world.users["sysadmin"], year=2026).content.decode()
    row = html[html.index(">Unit A2<") : html.index("</tr>", html.index(">Unit A2<"))]
    assert "71,10" in row
    assert row.count('title="Belum ada jawaban di lapisan ini">–</span>') == 2
    assert "0,00" not in row
