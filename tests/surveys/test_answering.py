"""The public form: answering, refusals said kindly, tokens, abuse limits, anonymity."""

from __future__ import annotations

import datetime
import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import serializers
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from surveys.helpers import all_answers
from zona.surveys import abuse
from zona.surveys.actions import SubmissionError, generate_tokens, submit_response
from zona.surveys.models import Response, Survey, Token

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 9; SM-J260G) UniquePhone/7.3"


def url(survey):
    return reverse("surveys:answer", args=[survey.code])


def post(client, survey, data, **extra):
    form = client.get(url(survey))
    nonce = re.search(rb'name="nonce" value="([0-9a-f]{32})"', form.content).group(1).decode()
    return client.post(url(survey), {"nonce": nonce, **data}, **extra)


def test_form_renders_in_indonesian_without_session(client, survey):
    response = client.get(url(survey))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prosedur pelayanan dilaksanakan sesuai ketentuan yang berlaku." in html
    assert "Sangat setuju" in html and "Jenis kelamin" in html and "KTP-el" in html
    assert "<script" not in html  # no JavaScript on the public form
    assert "sessionid" not in response.cookies
    english = client.get(url(survey) + "?bahasa=en").content.decode()
    assert "The service procedure follows the applicable rules." in english
    assert "Strongly agree" in english


def test_answer_is_stored_and_thanked(client, survey):
    data = {**all_answers(survey, 3), "s_AK5": "4", "p_gender": "P", "p_service": "KTP-el"}
    response = post(client, survey, {**data, "suggestion": "Antrean rapi."})
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[survey.code])
    saved = Response.objects.get()
    assert saved.answers["AK1"] == 3 and saved.answers["AK5"] == 4
    assert saved.profile == {"gender": "P", "service": "KTP-el"}
    assert saved.suggestion == "Antrean rapi."
    assert saved.submitted_on == timezone.localdate()
    thanks = client.get(response["Location"])
    assert "Terima kasih" in thanks.content.decode()
    assert not Session.objects.exists()


def test_missing_answer_keeps_what_was_typed(client, survey):
    data = all_answers(survey, 2)
    del data["s_AK7"]
    response = post(client, survey, {**data, "p_gender": "L", "suggestion": "Loket <b>2</b>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Silakan pilih jawaban." in html
    assert 'name="s_AK1" value="2" required checked' in html
    assert '<option value="L" selected>' in html
    assert "Loket &lt;b&gt;2&lt;/b&gt;" in html  # kept, escaped
    assert not Response.objects.exists()
    # The refused form may be sent again with the same nonce once corrected.
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', html).group(1)
    assert client.post(url(survey), {"nonce": nonce, **all_answers(survey)}).status_code == 302
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("days", "paused", "message"),
    [
        ((-30, -1), False, "Survei ini sudah ditutup"),
        ((-1, 10), True, "Survei ini sedang dijeda"),
        ((2, 10), False, "Survei ini dibuka pada"),
    ],
)
def test_not_open_is_said_kindly(client, survey, days, paused, message):
    today = timezone.localdate()
    survey.opens_on = today + datetime.timedelta(days=days[0])
    survey.closes_on = today + datetime.timedelta(days=days[1])
    survey.paused = paused
    survey.save()
    page = client.get(url(survey))
    assert page.status_code == 200 and message in page.content.decode()
    assert "<form" not in page.content.decode()
    refused = client.post(url(survey), all_answers(survey))
    assert message in refused.content.decode()
    assert not Response.objects.exists()


def test_unknown_survey_is_said_kindly(client, db):
    page = client.get(reverse("surveys:answer", args=["NOPE99"]))
    assert page.status_code == 404
    assert "Kami tidak menemukan survei ini" in page.content.decode()


def test_code_is_case_insensitive(client, survey):
    assert client.get(reverse("surveys:answer", args=[survey.code.lower()])).status_code == 200


def test_token_required_used_once(client, world, survey):
    survey.requires_token = True
    survey.save()
    generate_tokens(world.users["lead_a1"], survey, 3)
    token = Token.objects.first().code

    without = post(client, survey, all_answers(survey))
    assert without.status_code == 400
    assert "token yang tercetak pada bukti layanan" in without.content.decode()

    assert post(client, survey, {**all_answers(survey), "token": token.lower()}).status_code == 302
    assert Token.objects.get(code=token).used

    again = post(client, survey, {**all_answers(survey), "token": token})
    assert again.status_code == 400
    assert "tidak dikenal atau sudah digunakan" in again.content.decode()
    unknown = post(client, survey, {**all_answers(survey), "token": "ZZZZZZZZ"})
    assert unknown.status_code == 400
    assert Response.objects.count() == 1


def test_token_link_prefills(client, world, survey):
    generate_tokens(world.users["lead_a1"], survey, 1)
    token = Token.objects.get().code
    page = client.get(url(survey) + f"?t={token}")
    assert f'value="{token}"' in page.content.decode()


def test_token_of_another_survey_is_refused(world, survey, instruments):
    from surveys.helpers import make_survey

    other = make_survey(world.a1, instruments["ipkp"], code="OTHER2")
    generate_tokens(world.users["lead_a1"], other, 1)
    token = Token.objects.get().code
    answers = {c: 4 for c in survey.instrument.statement_codes}
    with pytest.raises(SubmissionError) as refused:
        submit_response(survey, answers, {}, "", token)
    assert refused.value.reason == "token"
    assert not Token.objects.get().used and not Response.objects.exists()


def test_honeypot_is_thanked_and_ignored(client, survey):
    response = post(client, survey, {**all_answers(survey), abuse.HONEYPOT: "http://spam"})
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_double_submission_is_stored_once(client, survey):
    form = client.get(url(survey)).content.decode()
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', form).group(1)
    first = client.post(url(survey), {"nonce": nonce, **all_answers(survey)})
    second = client.post(url(survey), {"nonce": nonce, **all_answers(survey)})
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1


def test_back_and_resend_of_the_same_filled_form_is_stored_once(client, survey):
    """Back on the thank-you page reloads the form (a fresh nonce) with the answers kept."""
    first = post(client, survey, all_answers(survey))
    again = post(client, survey, all_answers(survey))
    assert first.status_code == again.status_code == 302
    assert "ulang=1" in again["Location"] and "ulang" not in first["Location"]
    page = client.get(again["Location"]).content.decode()
    assert "tidak dihitung dua kali" in page
    assert Response.objects.count() == 1
    # Another sheet from the same source is a new answer.
    other = {**all_answers(survey), "suggestion": "Antrean lebih cepat"}
    assert "ulang" not in post(client, survey, other)["Location"]
    assert Response.objects.count() == 2


def test_a_refused_sheet_may_be_sent_again(client, survey):
    incomplete = {k: v for k, v in list(all_answers(survey).items())[1:]}
    assert post(client, survey, incomplete).status_code == 400
    assert post(client, survey, incomplete).status_code == 400
    assert Response.objects.count() == 0


@override_settings(SURVEY_RATE_LIMIT=2, SURVEY_RESUBMIT_WINDOW=0)
def test_rate_limit_per_source(survey):
    phone, other = Client(REMOTE_ADDR=ADDRESS), Client(REMOTE_ADDR="198.51.100.9")
    assert post(phone, survey, all_answers(survey)).status_code == 302
    assert post(phone, survey, all_answers(survey)).status_code == 302
    limited = post(phone, survey, all_answers(survey))
    assert limited.status_code == 429
    assert "Coba lagi beberapa menit lagi" in limited.content.decode()
    assert post(other, survey, all_answers(survey)).status_code == 302
    assert Response.objects.count() == 3


def test_csrf_is_enforced_on_the_public_form(survey):
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(survey), all_answers(survey)).status_code == 403
    form = client.get(url(survey)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    nonce = re.search(r'name="nonce" value="([0-9a-f]{32})"', form).group(1)
    sent = client.post(
        url(survey), {"csrfmiddlewaretoken": token, "nonce": nonce, **all_answers(survey)}
    )
    assert sent.status_code == 302


def test_submit_response_function(survey):
    answers = {c: 3 for c in survey.instrument.statement_codes}
    saved = submit_response(survey, answers, {"gender": "L"}, " Bagus ", None)
    assert saved.pk and saved.suggestion == "Bagus" and saved.channel == "online"
    with pytest.raises(SubmissionError) as bad:
        submit_response(survey, {**answers, "AK1": 5}, {"age": "99"}, "", None)
    assert bad.value.reason == "invalid"
    assert set(bad.value.errors) == {"AK1", "age"}
    survey.paused = True
    with pytest.raises(SubmissionError) as paused:
        submit_response(survey, answers, {}, "", None)
    assert paused.value.reason == "paused"


# ---------------------------------------------------------------------------- anonymity

IDENTIFYING = re.compile(
    r"user|name|mail|ip|addr|agent|session|device|finger|cookie|phone|nik|time", re.I
)


def test_response_and_token_have_no_identifying_column():
    response_columns = {f.name for f in Response._meta.get_fields()}
    assert response_columns == {
        "id",
        "survey",
        "submitted_on",
        "channel",
        "answers",
        "profile",
        "suggestion",
    }
    for model in (Response, Token):
        for f in model._meta.get_fields():
            assert not IDENTIFYING.search(f.name), (model.__name__, f.name)
    assert "response" not in {f.name for f in Token._meta.get_fields()}


def test_nothing_identifying_is_written(survey, world):
    survey.requires_token = True
    survey.save()
    generate_tokens(world.users["lead_a1"], survey, 1)
    token = Token.objects.get().code
    phone = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_X_FORWARDED_FOR=ADDRESS)
    assert post(phone, survey, {**all_answers(survey), "token": token}).status_code == 302
    assert Response.objects.count() == 1
    source_hash = abuse._source_key(ADDRESS, survey.code)
    dump = "".join(
        serializers.serialize("json", model.objects.all())
        for model in apps.get_models()
        if model._meta.managed
    )
    for secret in (ADDRESS, "UniquePhone", source_hash, source_hash.split(":")[-1]):
        assert secret not in dump
    assert not Session.objects.exists()


def test_pausing_reaches_the_public_form_at_once(client, world, survey):
    from zona.surveys.actions import set_paused

    assert client.get(url(survey)).status_code == 200  # now cached
    set_paused(world.users["lead_a1"], Survey.objects.get(pk=survey.pk), True)
    page = client.get(url(survey))
    assert "Survei ini sedang dijeda" in page.content.decode()


def test_language_switch_keeps_the_token(client, world, survey):
    generate_tokens(world.users["lead_a1"], survey, 1)
    token = Token.objects.get().code
    html = client.get(url(survey) + f"?t={token}").content.decode()
    assert f'href="?t={token}&amp;bahasa=en"' in html
    english = client.get(url(survey) + f"?t={token}&bahasa=en").content.decode()
    assert f'value="{token}"' in english and "Send my answers" in english


def test_behind_a_proxy_the_address_it_recorded_counts(settings, rf):
    """A client cannot escape the rate limit by sending its own X-Forwarded-For: the proxy
    appends the address it saw, and that last entry is the one counted."""
    from zona.surveys.abuse import source_of

    settings.SURVEY_SOURCE_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert source_of(request) == "203.0.113.9"
    settings.SURVEY_SOURCE_HEADER = ""
    assert source_of(request) == "10.0.0.2"
