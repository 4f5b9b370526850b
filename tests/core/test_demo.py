from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from zona.accounts.models import INSTANSI_ROLES, UNIT_ROLES, Role, RoleAssignment
from zona.core.demo_data import EMAIL_DOMAIN, USERS, load_demo
from zona.core.management.commands.demo import DEMO_PASSWORD, DEMO_USERNAME
from zona.orgs.models import (
    Instansi,
    InstansiYear,
    Pencanangan,
    PredicateAward,
    UnitKerja,
    UnitType,
    UnitYear,
)


@pytest.fixture
def demo_twice(db):
    first, second = StringIO(), StringIO()
    call_command("demo", stdout=first)
    call_command("demo", stdout=second)
    return first.getvalue(), second.getvalue()


@pytest.mark.django_db
def test_demo_is_idempotent_and_login_works():
    first, second = StringIO(), StringIO()
    call_command("demo", stdout=first)
    call_command("demo", stdout=second)

    users = get_user_model().objects.filter(username=DEMO_USERNAME)
    assert users.count() == 1
    admin = users.get()
    assert admin.is_superuser
    assert admin.is_staff
    assert admin.is_active
    assert admin.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD == "zona-demo-2026"

    assert "Created superuser" in first.getvalue()
    assert "already exists" in second.getvalue()
    for out in (first.getvalue(), second.getvalue()):
        assert "http://127.0.0.1:8000/admin/" in out
        assert DEMO_PASSWORD in out


def test_demo_data_is_created_once(demo_twice):
    first, second = demo_twice
    assert "Created demo data" in first
    assert "left unchanged" in second
    assert UnitType.objects.count() == 13
    assert Instansi.objects.count() == 3
    assert UnitKerja.objects.count() == 14
    assert InstansiYear.objects.count() == 13
    assert UnitYear.objects.count() == 13
    assert PredicateAward.objects.count() == 5
    assert Pencanangan.objects.count() == 3
    assert get_user_model().objects.count() == 15  # admin + 14 demo people
    assert RoleAssignment.objects.count() == 16  # multi.peran holds two roles


def test_load_demo_returns_the_same_logins_when_already_loaded(db):
    assert load_demo(StringIO()) == load_demo(StringIO())


def test_every_role_has_a_demo_user_in_its_scope(demo_twice):
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    for ra in RoleAssignment.objects.all():
        if ra.role in UNIT_ROLES:
            assert ra.unit_id and not ra.instansi_id, ra
        elif ra.role in INSTANSI_ROLES:
            assert ra.instansi_id and not ra.unit_id, ra
        else:
            assert not ra.unit_id and not ra.instansi_id, ra
    admin = get_user_model().objects.get(username=DEMO_USERNAME)
    assert admin.roles.filter(role=Role.SYSADMIN).exists()
    multi = get_user_model().objects.get(username="multi.peran")
    assert set(multi.roles.values_list("role", flat=True)) == {Role.UNIT_MEMBER, Role.LEADERSHIP}


def test_output_lists_every_login(demo_twice):
    for out in demo_twice:
        assert "http://127.0.0.1:8000/masuk/" in out
        for username in [DEMO_USERNAME, *(u.username for u in USERS)]:
            assert username in out


@pytest.mark.parametrize(
    "login", ["operator.persidangan2", "tpi.dpr", f"koordinator.sleman@{EMAIL_DOMAIN}".upper()]
)
def test_demo_people_can_sign_in(demo_twice, login):
    user = authenticate(username=login, password=DEMO_PASSWORD)
    assert user is not None
    assert user.email.endswith(f"@{EMAIL_DOMAIN}")
    assert user.get_full_name()
    assert not user.is_staff


def test_demo_organisation_and_history(demo_twice):
    biro = UnitKerja.objects.get(name="Biro Persidangan II")
    assert biro.public_service
    assert biro.parent.name == "Deputi Bidang Persidangan"
    assert biro.parent.parent.name == "Sekretariat Jenderal"
    assert biro.parent.parent.parent is None
    assert biro.instansi.short_name == "Setjen DPR RI"

    declaration = Pencanangan.objects.get(instansi=biro.instansi)
    assert declaration.date.isoformat() == "2015-11-02"
    assert "Sekretaris Jenderal DPR RI" in declaration.signatory_list

    revoked = PredicateAward.objects.get(revoked=True)
    assert revoked.unit.name == "Dinas Kependudukan dan Pencatatan Sipil"
    assert revoked.revoked_on and revoked.revocation_reason

    # Deliberate gaps for the eligibility screens: a WDP year and a missing value.
    assert InstansiYear.objects.filter(instansi__short_name="Polda Jabar", bpk_opinion="WDP")
    assert InstansiYear.objects.filter(instansi__short_name="Pemkab Sleman", akip_grade="")
    assert UnitYear.objects.filter(lhkpn_percent__isnull=True).exists()


def test_demo_rows_pass_model_validation(demo_twice):
    for model in (Instansi, InstansiYear, UnitKerja, UnitYear, PredicateAward, Pencanangan):
        for obj in model.objects.all():
            obj.full_clean()


def test_demo_evaluations_span_the_cycle(frameworks):
    """With the LKE loaded (as `manage.py demo` does), the demo units are at different stages
    of the 2027 cycle, with answers scored and the review's traces in place."""
    from zona.evaluations.models import Evaluation, LayerScore, RevisionRequest

    load_demo(StringIO())
    stages = dict(Evaluation.objects.values_list("unit__name", "stage"))
    assert stages == {
        "Biro Persidangan II": "tpi_review",
        "Pusat Teknologi Informasi": "tpi_final",
        "Biro Pemberitaan Parlemen": "returned",
        "Biro Kerja Sama Antar-Parlemen (BKSAP)": "draft",
        "Polres Bogor": "draft",
        "Dinas Kependudukan dan Pencatatan Sipil": "draft",
    }
    final = LayerScore.objects.get(evaluation__unit__name="Pusat Teknologi Informasi", layer="tpi")
    assert final.total > 75 and final.predicate == "WBK"  # a unit ready to be proposed
    returned = RevisionRequest.objects.filter(evaluation__unit__name="Biro Pemberitaan Parlemen")
    assert sorted(returned.values_list("question", flat=True)) == ["12", "4"]
    # The Setjen's TPI reviews in three tiers; Biro Persidangan II sits at the second.
    from zona.orgs.models import Instansi

    dpr = Instansi.objects.get(name="Sekretariat Jenderal DPR RI")
    assert [t["name"] for t in dpr.tpi_tiers] == ["Anggota Tim", "Ketua Tim", "Pengendali Teknis"]
    at = Evaluation.objects.get(unit__name="Biro Persidangan II")
    assert at.tpi_tier == 2
    final = Evaluation.objects.get(unit__name="Pusat Teknologi Informasi")
    assert list(final.moves.values_list("step", flat=True)) == [
        "submit", "start_review", "pass_up", "confirm_tier", "pass_up", "finalise"]  # fmt: skip
    load_demo(StringIO())  # idempotent
    assert Evaluation.objects.count() == 6


def test_a_demo_unit_is_eligible_with_the_demos_own_rb_threshold(demo_twice):
    """The demo sets an RB-index threshold in its own data, labelled as its own: a demo unit can
    be found eligible (production sets none until an administrator does)."""
    from zona.orgs.eligibility import unit_eligibility
    from zona.orgs.models import EligibilityThreshold

    basis = set(EligibilityThreshold.objects.values_list("basis", flat=True))
    assert basis == {"Angka contoh data demo Zona (bukan ketentuan KemenPANRB)"}
    biro = UnitKerja.objects.get(name="Biro Persidangan II")
    check = unit_eligibility(biro, year=2026)
    assert (check.target, check.status) == ("WBBM", "eligible")
    rb = next(c for c in check.conditions if c["label"].startswith("Indeks RB"))
    assert rb["required"] == "minimal 75, tahun 2025" and rb["actual"] == "79,12"
