"""Tiered TPI review (`tiers.py`, `actions.TIER_RULES`): the coordinator's configuration, the
moves between tiers with their guards, who may make which move at which tier (a table), the
notifications, the panel, the list, and the workspace cache key."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from filling import fill_layer

from zona.accounts.models import Role, RoleAssignment
from zona.audit.models import AuditEvent
from zona.evaluations import actions, workspace_cache
from zona.evaluations.models import Evaluation, Layer, NationalDeadline, Stage
from zona.evaluations.presenters import viewer_for
from zona.notifications.models import Kind, Notification

TIERS = ("Anggota Tim", "Ketua Tim", "Pengendali Teknis")


@pytest.fixture
def people(world):
    """tier1 = tpi_a, tier2 = ketua_a (a second TPI evaluator), tier3 = tpi_lead_a; tpi_b_a
    holds a TPI role in A but no tier."""
    make = get_user_model().objects.create_user
    users = world.users
    for username in ("ketua_a", "tpi_free_a"):
        users[username] = make(username, f"{username}@example.test", "pw", first_name=username)
        RoleAssignment.objects.create(
            user=users[username], role=Role.TPI_EVALUATOR, instansi=world.a
        )
    return users


@pytest.fixture
def tiered(world, people):
    actions.set_tpi_tiers(
        people["coordinator_a"], world.a,
        [(TIERS[0], [people["tpi_a"].pk]), (TIERS[1], [people["ketua_a"].pk]),
         (TIERS[2], [people["tpi_lead_a"].pk])],
    )  # fmt: skip
    world.a.refresh_from_db()
    return world.a


@pytest.fixture
def submitted(evaluation, world, tiered, django_capture_on_commit_callbacks):
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    fill_layer(evaluation, Layer.UNIT)
    with django_capture_on_commit_callbacks(execute=True):
        return actions.move(world.users["lead_a1"], evaluation, "submit")


def at_tier(evaluation: Evaluation, tier: int) -> Evaluation:
    """Put the evaluation in TPI review at a tier directly, the TPI layer complete."""
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.TPI_REVIEW, tpi_tier=tier)
    evaluation.refresh_from_db()
    fill_layer(evaluation, Layer.TPI)
    return evaluation


# --- configuration ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_coordinator_configures_tiers_audited(world, people):
    rows = [(" Anggota  Tim ", [people["tpi_a"].pk]),
            ("Ketua Tim", [people["ketua_a"].pk, people["tpi_lead_a"].pk])]  # fmt: skip
    saved = actions.set_tpi_tiers(people["coordinator_a"], world.a, rows)
    assert saved == [
        {"name": "Anggota Tim", "members": [people["tpi_a"].pk]},
        {"name": "Ketua Tim", "members": [people["ketua_a"].pk, people["tpi_lead_a"].pk]},
    ]
    world.a.refresh_from_db()
    assert world.a.tpi_tiers == saved
    event = AuditEvent.objects.get(action="instansi.tpi_tiers_set")
    assert event.before == {"tiers": []} and event.after == {"tiers": saved}
    actions.set_tpi_tiers(people["coordinator_a"], world.a, [])
    world.a.refresh_from_db()
    assert world.a.tpi_tiers == []
    assert AuditEvent.objects.filter(action="instansi.tpi_tiers_set").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rows, message",
    [
        (lambda p: [("Anggota", [p["tpi_a"].pk])], "setidaknya dua tingkat"),
        (lambda p: [("", [p["tpi_a"].pk]), ("Ketua", [p["ketua_a"].pk])],
         "Tingkat 1: beri nama tingkat."),
        (lambda p: [("Anggota", [p["tpi_a"].pk]), ("anggota", [p["ketua_a"].pk])],
         "Tingkat 2: nama “anggota” sudah dipakai tingkat lain."),
        (lambda p: [("Anggota", [p["tpi_a"].pk]), ("Ketua", [])],
         "Tingkat 2: pilih setidaknya satu orang."),
        (lambda p: [("Anggota", [p["tpi_a"].pk]), ("Ketua", [p["member_a1"].pk])],
         "Tingkat 2: orang yang dipilih tidak memegang peran TPI di instansi ini."),
        (lambda p: [("Anggota", [p["tpi_a"].pk]), ("Ketua", [p["tpi_a"].pk])],
         "Tingkat 2: tpi_a sudah berada di tingkat 1; satu orang bertugas di satu tingkat."),
        (lambda p: [("A" * 81, [p["tpi_a"].pk]), ("Ketua", [p["tpi_lead_a"].pk])],
         "Tingkat 1: nama terdiri atas 81 karakter; paling banyak 80."),
        (lambda p: [("Anggota", [p["tpi_lead_a"].pk]), ("Ketua", [p["ketua_a"].pk])],
         "Tingkat 2: tingkat terakhir memfinalkan penilaian"),
    ],
)  # fmt: skip
def test_bad_configurations_are_refused_with_the_reason(world, people, rows, message):
    with pytest.raises(actions.EvaluationError) as refused:
        actions.set_tpi_tiers(people["coordinator_a"], world.a, rows(people))
    assert message in str(refused.value)
    world.a.refresh_from_db()
    assert world.a.tpi_tiers == []
    assert not AuditEvent.objects.filter(action="instansi.tpi_tiers_set").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["tpi_lead_a", "tpi_a", "leadership_a", "lead_a1", "tpn"])
def test_only_the_coordinator_configures(world, people, username):
    rows = [("Anggota", [people["tpi_a"].pk]), ("Ketua", [people["ketua_a"].pk])]
    with pytest.raises(PermissionDenied):
        actions.set_tpi_tiers(people[username], world.a, rows)


@pytest.mark.django_db
def test_evaluations_in_review_keep_their_place_when_tiers_change(evaluation, world, people):
    at_tier(evaluation, None)
    coordinator = people["coordinator_a"]
    holders = ("tpi_a", "ketua_a", "tpi_lead_a")
    three = [(name, [people[u].pk]) for name, u in zip(TIERS, holders, strict=True)]
    actions.set_tpi_tiers(coordinator, world.a, three)
    evaluation.refresh_from_db()
    assert evaluation.tpi_tier == 1  # in review before tiers: at the first
    Evaluation.objects.filter(pk=evaluation.pk).update(tpi_tier=3)
    actions.set_tpi_tiers(coordinator, world.a, [three[0], (TIERS[1], [people["tpi_lead_a"].pk])])
    evaluation.refresh_from_db()
    assert evaluation.tpi_tier == 2  # its tier removed: at the last one
    actions.set_tpi_tiers(coordinator, world.a, [])
    evaluation.refresh_from_db()
    assert evaluation.tpi_tier is None


# --- the review, tier by tier -------------------------------------------------------------------
@pytest.mark.django_db
def test_a_three_tier_review_from_start_to_finalise(
    submitted, world, people, answer, django_capture_on_commit_callbacks
):
    evaluation = submitted

    class told_move:  # the notices go out as the move commits
        @staticmethod
        def move(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return actions.move(*args, **kwargs)

    mv = told_move.move
    tier1, tier2, tier3 = people["tpi_a"], people["ketua_a"], people["tpi_lead_a"]
    # Submitting told the first tier only.
    told = Notification.objects.filter(kind=Kind.SUBMITTED)
    assert {n.recipient.username for n in told} == {"tpi_a"}
    with pytest.raises(PermissionDenied):
        mv(tier2, evaluation, "start_review")
    evaluation = mv(tier1, evaluation, "start_review")
    assert (evaluation.stage, evaluation.tpi_tier) == (Stage.TPI_REVIEW, 1)
    # Only the first tier answers now.
    assert viewer_for(tier1, evaluation).writable == Layer.TPI
    assert viewer_for(tier2, evaluation).writable is None
    assert viewer_for(people["tpi_free_a"], evaluation).writable is None
    with pytest.raises(PermissionDenied):
        answer("ketua_a", evaluation, "1", Layer.TPI, "Ya")
    # Passing on needs the TPI layer complete.
    fill_layer(evaluation, Layer.TPI, skip=("5",))
    with pytest.raises(actions.MoveRefused) as refused:
        mv(tier1, evaluation, "pass_up")
    assert "diperlukan 128, tercapai 127, kurang 1" in str(refused.value)
    answer("tpi_a", evaluation, "5", Layer.TPI, "a")
    evaluation = mv(tier1, evaluation, "pass_up", "Sudah lengkap.")
    assert evaluation.tpi_tier == 2
    passed = Notification.objects.filter(kind=Kind.TIER_PASSED)
    assert [(n.recipient.username, n.context["tier"]) for n in passed] == [("ketua_a", "Ketua Tim")]
    assert passed[0].link == reverse("evaluations:detail", args=[evaluation.pk])
    # Tier 2 must confirm (or change an answer) before passing on.
    with pytest.raises(actions.MoveRefused) as refused:
        mv(tier2, evaluation, "pass_up")
    assert "Ketua Tim belum mengonfirmasi" in str(refused.value)
    with pytest.raises(PermissionDenied):
        mv(tier1, evaluation, "confirm_tier")
    evaluation = mv(tier2, evaluation, "confirm_tier")
    assert evaluation.tpi_tier == 2
    confirmation = evaluation.moves.get(step="confirm_tier")
    assert (confirmation.from_tier, confirmation.to_tier, confirmation.by) == (2, 2, tier2)
    with pytest.raises(actions.MoveRefused):  # once is enough
        mv(tier2, evaluation, "confirm_tier")
    evaluation = mv(tier2, evaluation, "pass_up")
    assert evaluation.tpi_tier == 3
    # Tier 3 sends it back down with a note (a note is required).
    with pytest.raises(actions.MoveRefused):
        mv(tier3, evaluation, "return_tier")
    evaluation = mv(tier3, evaluation, "return_tier", "Periksa lagi bukti nomor 12.")
    assert evaluation.tpi_tier == 2
    back = Notification.objects.get(kind=Kind.TIER_RETURNED)
    assert back.recipient == tier2 and back.context["note"] == "Periksa lagi bukti nomor 12."
    # Tier 2 changes an answer: that is its work, no confirmation needed.
    answer("ketua_a", evaluation, "5", Layer.TPI, "b")
    evaluation = mv(tier2, evaluation, "pass_up")
    assert evaluation.tpi_tier == 3
    # The last tier finalises; the guards of finalise still apply.
    actions.request_revision(tier3, evaluation, "3", "Bukti belum ada.")
    with pytest.raises(actions.MoveRefused) as refused:
        mv(tier3, evaluation, "finalise")
    assert "terbuka: diperlukan 0, tercapai 1, kurang 1" in str(refused.value)
    actions.close_revision(tier3, evaluation, "3")
    with pytest.raises(PermissionDenied):
        mv(tier2, evaluation, "finalise")
    evaluation = mv(tier3, evaluation, "finalise")
    assert (evaluation.stage, evaluation.tpi_tier) == (Stage.TPI_FINAL, None)
    steps = list(evaluation.moves.values_list("step", "from_tier", "to_tier"))
    assert steps == [
        ("submit", None, None), ("start_review", None, 1), ("pass_up", 1, 2),
        ("confirm_tier", 2, 2), ("pass_up", 2, 3), ("return_tier", 3, 2), ("pass_up", 2, 3),
        ("finalise", 3, None),
    ]  # fmt: skip
    audited = AuditEvent.objects.filter(action="evaluation.pass_up").order_by("pk")
    assert [(e.before["tier"], e.after["tier"]) for e in audited] == [(1, 2), (2, 3), (2, 3)]
    # Reopening brings it back to the last tier, whose people alone reopen.
    with pytest.raises(PermissionDenied):
        mv(tier1, evaluation, "reopen_tpi", "Salah tafsir.")
    evaluation = mv(tier3, evaluation, "reopen_tpi", "Salah tafsir.")
    assert (evaluation.stage, evaluation.tpi_tier) == (Stage.TPI_REVIEW, 3)


@pytest.mark.django_db
def test_a_change_after_the_confirmation_needs_a_new_one(submitted, world, people, answer):
    evaluation = actions.move(people["tpi_a"], submitted, "start_review")
    fill_layer(evaluation, Layer.TPI)
    evaluation = actions.move(people["tpi_a"], evaluation, "pass_up")
    evaluation = actions.move(people["ketua_a"], evaluation, "confirm_tier")
    facts = actions.MoveFacts(evaluation)
    assert facts.tier_work == (True, False)
    answer("ketua_a", evaluation, "5", Layer.TPI, "c")
    facts = actions.MoveFacts(evaluation)
    assert facts.tier_work == (False, True)  # its confirmation no longer holds; its answer does


@pytest.mark.django_db
def test_the_unit_return_is_the_last_tiers(submitted, world, people):
    evaluation = actions.move(people["tpi_a"], submitted, "start_review")
    actions.request_revision(people["tpi_a"], evaluation, "3", "Lengkapi bukti.")
    with pytest.raises(actions.EvaluationError) as refused:
        actions.move(people["tpi_a"], evaluation, "return", "Perbaiki.")
    assert "tidak dapat dilakukan pada tingkat TPI “Anggota Tim”" in str(refused.value)
    at_tier(evaluation, 3)
    evaluation = actions.move(people["tpi_lead_a"], evaluation, "return", "Perbaiki.")
    assert (evaluation.stage, evaluation.tpi_tier) == (Stage.RETURNED, None)


# --- who may make which move at which tier (the tiers' permission matrix) ------------------------
ACTORS = ("tpi_a", "ketua_a", "tpi_lead_a", "tpi_free_a", "coordinator_a", "lead_a1", "sysadmin")
HOLDER = {1: "tpi_a", 2: "ketua_a", 3: "tpi_lead_a"}
# (tier it sits at, move) → the tier whose people make it; None: not made at that tier.
AT_TIER = {
    (1, "confirm_tier"): None, (1, "pass_up"): 1, (1, "return_tier"): None,
    (1, "return"): None, (1, "finalise"): None,
    (2, "confirm_tier"): 2, (2, "pass_up"): 2, (2, "return_tier"): 2,
    (2, "return"): None, (2, "finalise"): None,
    (3, "confirm_tier"): 3, (3, "pass_up"): None, (3, "return_tier"): 3,
    (3, "return"): 3, (3, "finalise"): 3,
}  # fmt: skip
TIER_AFTER = {"confirm_tier": 0, "pass_up": 1, "return_tier": -1}


def expected(tier: int, move: str, actor: str) -> str:
    """ "moved", "refused" (not possible at this tier: the panel's message) or 403."""
    who = AT_TIER[(tier, move)]
    if actor in ("coordinator_a", "lead_a1"):
        return "403"  # no TPI role
    if move == "finalise" and actor not in ("tpi_lead_a", "sysadmin"):
        return "403"  # the transition table: the TPI lead's move, tiers or not
    if who is None:
        return "refused"
    return "moved" if actor in (HOLDER[who], "sysadmin") else "403"


CASES = [(t, m, a) for (t, m) in AT_TIER for a in ACTORS]


@pytest.mark.django_db
@pytest.mark.parametrize("tier, move, actor", CASES)
def test_tier_permission_matrix(client, evaluation, world, people, tiered, tier, move, actor):
    evaluation = at_tier(evaluation, tier)
    if tier > 1 and move == "pass_up":  # the tier's work is done
        actions.move(people[HOLDER[tier]], evaluation, "confirm_tier")
    if move == "return":
        actions.request_revision(people[HOLDER[tier]], evaluation, "3", "Lengkapi bukti.")
    moves_before = evaluation.moves.count()
    client.force_login(people[actor])
    response = client.post(
        reverse("evaluations:move", args=[evaluation.pk, move]),
        {"note": "Catatan tingkat.", "confirmed": "1"},
    )
    evaluation.refresh_from_db()
    outcome = expected(tier, move, actor)
    if outcome == "403":
        assert response.status_code == 403
        assert "Akses ditolak" in response.content.decode() or response.status_code == 403
    else:
        assert response.status_code == 302
    if outcome == "moved":
        assert evaluation.moves.count() == moves_before + 1
        if move in TIER_AFTER:
            assert evaluation.tpi_tier == tier + TIER_AFTER[move]
        else:
            assert evaluation.stage in (Stage.RETURNED, Stage.TPI_FINAL)
    else:
        assert evaluation.moves.count() == moves_before
        assert (evaluation.stage, evaluation.tpi_tier) == (Stage.TPI_REVIEW, tier)


@pytest.mark.django_db
@pytest.mark.parametrize("tier", [1, 2, 3])
def test_the_panel_offers_each_tier_its_moves_only(evaluation, world, people, tiered, tier):
    evaluation = at_tier(evaluation, tier)
    for actor in ACTORS:
        offered = set(actions.available_moves(people[actor], evaluation))
        allowed = {m for (t, m) in AT_TIER if t == tier and expected(tier, m, actor) == "moved"}
        assert offered == allowed, actor


@pytest.mark.django_db
def test_without_tiers_the_tier_moves_do_not_exist(evaluation, world, set_stage):
    evaluation = set_stage(evaluation, Stage.TPI_REVIEW)
    assert set(actions.available_moves(world.users["tpi_lead_a"], evaluation)) == {
        "return", "finalise"}  # fmt: skip
    assert set(actions.available_moves(world.users["tpi_a"], evaluation)) == {"return"}
    with pytest.raises(actions.EvaluationError) as refused:
        actions.move(world.users["tpi_lead_a"], evaluation, "pass_up")
    assert "hanya dapat dilakukan dalam penilaian TPI berjenjang" in str(refused.value)
    assert viewer_for(world.users["tpi_a"], evaluation).writable == Layer.TPI


# --- pages ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_panel_shows_the_tier(client, evaluation, world, people, tiered,
                                  django_assert_max_num_queries):  # fmt: skip
    evaluation = at_tier(evaluation, 2)
    client.force_login(people["ketua_a"])
    with django_assert_max_num_queries(60):
        html = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    assert "Tingkat TPI" in html and "Ketua Tim (tingkat 2 dari 3)" in html
    assert 'data-move="pass_up"' in html and "Teruskan ke Pengendali Teknis" in html
    assert "Kembalikan ke Anggota Tim" in html
    assert 'data-move="finalise"' not in html


@pytest.mark.django_db
def test_the_list_shows_the_tier(client, evaluation, world, people, tiered,
                                 django_assert_max_num_queries):  # fmt: skip
    at_tier(evaluation, 2)
    client.force_login(people["coordinator_a"])
    with django_assert_max_num_queries(12):
        html = client.get(reverse("evaluations:list")).content.decode()
    assert "Penilaian TPI · Ketua Tim (tingkat 2 dari 3)" in html


@pytest.mark.django_db
def test_the_cache_key_follows_the_tiers(evaluation, world, people, tiered):
    evaluation = at_tier(evaluation, 2)
    reader = people["coordinator_a"]
    viewer = viewer_for(reader, evaluation)
    first = workspace_cache.content_version(evaluation, viewer)
    assert workspace_cache.content_version(evaluation, viewer) == first
    actions.set_tpi_tiers(
        reader, world.a,
        [("Anggota", [people["tpi_a"].pk]), ("Ketua", [people["tpi_lead_a"].pk])],
    )  # fmt: skip
    evaluation = Evaluation.objects.with_related().get(pk=evaluation.pk)
    assert workspace_cache.content_version(evaluation, viewer_for(reader, evaluation)) != first


TIERS_URL = "evaluations:tiers"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, status",
    [("coordinator_a", 200), ("sysadmin", 200), ("tpi_lead_a", 404), ("tpi_a", 404),
     ("leadership_a", 404), ("lead_a1", 404), ("tpn", 404), ("norole", 404)],
)  # fmt: skip
def test_the_tiers_page_is_the_coordinators(client, world, people, username, status,
                                            django_assert_max_num_queries):  # fmt: skip
    client.force_login(people[username])
    with django_assert_max_num_queries(10):
        response = client.get(reverse(TIERS_URL, args=[world.a.pk]))
    assert response.status_code == status
    if status == 404:
        assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_the_tiers_page_saves_and_keeps_what_was_typed(client, world, people):
    client.force_login(people["coordinator_a"])
    url = reverse(TIERS_URL, args=[world.a.pk])
    form = {"tier-TOTAL_FORMS": "3", "tier-INITIAL_FORMS": "0",
            "tier-0-name": "Anggota Tim", "tier-0-members": [people["tpi_a"].pk],
            "tier-1-name": "Ketua Tim", "tier-1-members": [people["tpi_a"].pk],
            "tier-2-name": ""}  # fmt: skip
    response = client.post(url, form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidak ada yang disimpan:" in html and "sudah berada di tingkat 1" in html
    assert 'value="Ketua Tim"' in html  # what was typed is still there
    world.a.refresh_from_db()
    assert world.a.tpi_tiers == []
    form["tier-1-members"] = [people["ketua_a"].pk, people["tpi_lead_a"].pk]
    response = client.post(url, form)
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert [t["name"] for t in world.a.tpi_tiers] == ["Anggota Tim", "Ketua Tim"]
    page = client.get(reverse("orgs:instansi", args=[world.a.pk])).content.decode()
    assert "Tingkat penilaian TPI" in page and "Ketua Tim" in page


@pytest.mark.django_db
def test_the_api_says_the_tier_and_the_tier_moves(client, submitted, world, people):
    """The API's evaluation carries the tier it sits at, and its history the tier moves."""
    evaluation = submitted
    client.force_login(people["tpi_a"])
    actions.move(people["tpi_a"], evaluation, "start_review")
    fill_layer(evaluation, Layer.TPI)
    actions.move(people["tpi_a"], evaluation, "pass_up")
    body = client.get(f"/api/v1/evaluations/{evaluation.pk}").json()
    assert (body["stage"], body["tpi_tier"]) == (Stage.TPI_REVIEW, 2)
    last = body["history"][-1]
    assert (last["step"], last["from_tier"], last["to_tier"]) == ("pass_up", 1, 2)
    listed = client.get("/api/v1/evaluations").json()["items"]
    assert [e["tpi_tier"] for e in listed if e["id"] == evaluation.pk] == [2]


@pytest.mark.django_db
def test_the_home_to_do_is_the_current_tiers_only(evaluation, world, people, tiered):
    """An LKE in a tiered review is on the to-do list of its current tier's people only; in an
    instansi without tiers every TPI person still has it."""
    from zona.evaluations.todo import evaluation_todos

    at_tier(evaluation, 2)

    def under_review(username):
        return [t for t, _url in evaluation_todos(people[username]) if "reviu TPI" in t]

    with translation.override("id"):
        assert under_review("ketua_a") == ["1 LKE dalam reviu TPI"]
        assert under_review("tpi_a") == [] and under_review("tpi_lead_a") == []
        world.a.tpi_tiers = []
        world.a.save(update_fields=["tpi_tiers"])
        assert under_review("tpi_a") == ["1 LKE dalam reviu TPI"]
