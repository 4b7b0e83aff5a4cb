"""Coding round pages: blind coding, agreement, settling, who sees what."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.coding import services
from evaluation.models import CodingRoundStatus
from tests.evaluation.coding.factories import round_open
from tests.evaluation.evidence.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def _url(name, coding_round, **extra):
    return reverse(
        f"evaluation:{name}",
        kwargs={"slug": coding_round.programme.slug, "pk": coding_round.pk, **extra},
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _post_codes(client, coding_round, coder, ticks, *, submit=True):
    """Post the coding form: ``ticks`` maps quote to a list of theme ids or 'none'."""
    coder.refresh_from_db()
    data = {"edit_version": coder.edit_version}
    for quote, chosen in ticks.items():
        data[f"quote_{quote.pk}"] = [str(c) for c in chosen]
    data["submit" if submit else "save"] = "1"
    return client.post(_url("coding_round_code", coding_round), data)


@pytest.fixture
def named(coding_round):
    """The round's themes renamed so each coder's codes can be told apart."""
    one, two = coding_round.themes.order_by("pk")
    one.name, two.name = "Feeling heard", "Money worries"
    one.save(update_fields=["name"])
    two.save(update_fields=["name"])
    return one, two


def test_a_coder_cannot_see_anothers_codes_or_agreement_before_submitting(
    client, coding_round, ana, ben, named
):
    one, two = named
    quotes = list(coding_round.quotes.order_by("pk"))
    client.force_login(ana)
    _post_codes(
        client,
        coding_round,
        coding_round.coders.get(user=ana),
        {q: [one.pk] for q in quotes},
    )

    client.force_login(ben)
    # The round page shows neither the codes nor any figure.
    body = client.get(_url("coding_round_detail", coding_round)).content.decode()
    assert "Codes given" not in body
    assert "Agreement" not in body.split("<h1>")[1]
    assert "once you have submitted your own" in body
    # The pages that show them refuse outright.
    assert client.get(_url("coding_round_agreement", coding_round)).status_code == 403
    assert (
        client.get(_url("coding_round_disagreements", coding_round)).status_code == 403
    )
    # Ben's own form starts empty: nothing of Ana's ticks reaches it.
    form = client.get(_url("coding_round_code", coding_round)).content.decode()
    assert "checked" not in form

    _post_codes(
        client,
        coding_round,
        coding_round.coders.get(user=ben),
        {q: [two.pk] for q in quotes},
    )
    body = client.get(_url("coding_round_detail", coding_round)).content.decode()
    assert "Codes given" in body
    assert "Feeling heard" in body.split("coding-table")[1]
    agreement = client.get(_url("coding_round_agreement", coding_round))
    assert agreement.status_code == 200
    assert "Cohen&#x27;s kappa" in agreement.content.decode()


def test_a_submitted_coder_does_not_see_anothers_unsubmitted_draft(
    client, coding_round, ana, ben, named
):
    one, _ = named
    quote = coding_round.quotes.order_by("pk").first()
    client.force_login(ben)
    _post_codes(
        client,
        coding_round,
        coding_round.coders.get(user=ben),
        {quote: [one.pk]},
        submit=False,
    )
    client.force_login(ana)
    _post_codes(
        client, coding_round, coding_round.coders.get(user=ana), {quote: ["none"]}
    )
    body = client.get(_url("coding_round_detail", coding_round)).content.decode()
    table = body.split("coding-table")[1]
    assert "Feeling heard" not in table  # Ben's draft
    assert "Ben" not in table


def test_an_evaluator_who_codes_is_blind_too(
    client, programme, project, evaluator, ana
):
    coding_round = round_open(programme, project, coders=[evaluator, ana])
    client.force_login(ana)
    quote = coding_round.quotes.first()
    _post_codes(
        client, coding_round, coding_round.coders.get(user=ana), {quote: ["none"]}
    )
    client.force_login(evaluator)
    assert client.get(_url("coding_round_agreement", coding_round)).status_code == 403
    assert client.post(_url("coding_round_close", coding_round)).status_code == 302
    coding_round.refresh_from_db()
    assert coding_round.is_coding  # refused: only one coder has submitted


def test_commissioners_see_only_the_finished_agreement(
    client, coding_round, ana, ben, commissioner, evaluator, named
):
    one, _ = named
    client.force_login(commissioner)
    assert client.get(_url("coding_round_detail", coding_round)).status_code == 403
    assert client.get(_url("coding_round_agreement", coding_round)).status_code == 403
    list_page = client.get(
        reverse("evaluation:coding_round_list", args=[coding_round.programme.slug])
    )
    assert coding_round.title not in list_page.content.decode()

    quotes = list(coding_round.quotes.all())
    for user in (ana, ben):
        client.force_login(user)
        _post_codes(
            client,
            coding_round,
            coding_round.coders.get(user=user),
            {q: [one.pk] for q in quotes},
        )
    client.force_login(evaluator)
    coding_round.refresh_from_db()
    client.post(
        _url("coding_round_finish", coding_round),
        {"edit_version": coding_round.edit_version},
    )
    coding_round.refresh_from_db()
    assert coding_round.is_finished

    client.force_login(commissioner)
    detail = client.get(_url("coding_round_detail", coding_round)).content.decode()
    assert "All themes together" in detail
    assert "Codes given" not in detail
    assert client.get(_url("coding_round_agreement", coding_round)).status_code == 200
    assert (
        client.get(_url("coding_round_disagreements", coding_round)).status_code == 403
    )


def test_the_settlement_flow_through_the_pages(
    client, coding_round, ana, ben, evaluator, named
):
    one, two = named
    quotes = list(coding_round.quotes.order_by("pk"))
    client.force_login(ana)
    _post_codes(
        client,
        coding_round,
        coding_round.coders.get(user=ana),
        {q: [one.pk] for q in quotes},
    )
    client.force_login(ben)
    _post_codes(
        client,
        coding_round,
        coding_round.coders.get(user=ben),
        {quotes[0]: [two.pk], **{q: [one.pk] for q in quotes[1:]}},
    )
    coding_round.refresh_from_db()
    assert coding_round.status == CodingRoundStatus.SETTLING

    client.force_login(evaluator)
    page = client.get(_url("coding_round_disagreements", coding_round)).content.decode()
    assert "1 still to settle" in page
    settle = _url("coding_round_settle", coding_round, quote_pk=quotes[0].pk)
    # No reason: the form comes back with the ticks kept.
    response = client.post(settle, {"themes": [str(two.pk)], "seen_settlement": 0})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    ticked = re.findall(r"<input[^>]*checked[^>]*>", response.content.decode())
    assert [t for t in ticked if f'value="{two.pk}"' in t]
    assert not [t for t in ticked if f'value="{one.pk}"' in t]
    response = client.post(
        settle,
        {
            "themes": [str(two.pk)],
            "reason": "It is mostly about cost.",
            "seen_settlement": 0,
        },
    )
    assert response.status_code == 302
    assert list(quotes[0].themes.all()) == [two]
    page = client.get(_url("coding_round_disagreements", coding_round)).content.decode()
    assert "It is mostly about cost." in page
    assert "Settled as:" in page

    coding_round.refresh_from_db()
    client.post(
        _url("coding_round_finish", coding_round),
        {"edit_version": coding_round.edit_version},
    )
    coding_round.refresh_from_db()
    assert coding_round.is_finished
    assert list(quotes[1].themes.all()) == [one]


def test_a_stale_coding_form_is_refused_with_the_ticks_kept(
    client, coding_round, ana, named
):
    one, two = named
    quote = coding_round.quotes.order_by("pk").first()
    coder = coding_round.coders.get(user=ana)
    client.force_login(ana)
    stale = coder.edit_version
    _post_codes(client, coding_round, coder, {quote: [one.pk]}, submit=False)
    response = client.post(
        _url("coding_round_code", coding_round),
        {"edit_version": stale, f"quote_{quote.pk}": [str(two.pk)], "submit": "1"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved changes" in body
    coder.refresh_from_db()
    assert not coder.has_submitted


def test_ticking_a_theme_and_none_is_refused(client, coding_round, ana, named):
    one, _ = named
    quote = coding_round.quotes.first()
    client.force_login(ana)
    response = _post_codes(
        client,
        coding_round,
        coding_round.coders.get(user=ana),
        {quote: [one.pk, "none"]},
    )
    assert response.status_code == 200
    assert "not both" in response.content.decode()


def test_someone_who_is_not_a_coder_cannot_code(client, coding_round, evaluator):
    client.force_login(evaluator)
    assert client.get(_url("coding_round_code", coding_round)).status_code == 403


def test_an_evaluator_opens_a_round_from_the_form(
    client, programme, project, evaluator, ana, ben
):
    from tests.evaluation.evidence.factories import QuoteFactory

    theme = ThemeFactory(programme=programme)
    for _ in range(3):
        QuoteFactory(project=project)
    client.force_login(evaluator)
    url = reverse("evaluation:coding_round_create", args=[programme.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Spring interviews",
            "scope": "project",
            "themes": [theme.pk],
            "coders": [ana.pk],
        },
    )
    assert response.status_code == 200
    assert "Spring interviews" in response.content.decode()  # typed text kept
    assert "Project" in response.content.decode()
    response = client.post(
        url,
        {
            "title": "Spring interviews",
            "scope": "project",
            "project": project.pk,
            "themes": [theme.pk],
            "coders": [ana.pk, ben.pk],
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Spring interviews" in page
    assert "still coding" in page


def _codes_for_all(coding_round, users, themes):
    quotes = list(coding_round.quotes.all())
    for n, user in enumerate(users):
        coder = coding_round.coders.get(user=user)
        services.coder_codes_save(
            coder=coder,
            codes={q.pk: [themes[(q.pk + n) % len(themes)]] for q in quotes},
            seen_version=coder.edit_version,
            submit=True,
        )


@pytest.mark.parametrize(
    "name",
    ["coding_round_detail", "coding_round_agreement", "coding_round_disagreements"],
)
def test_round_pages_keep_their_queries_whatever_the_size(
    client, programme, project, evaluator, ana, ben, name, django_assert_max_num_queries
):
    def counted(quotes, themes):
        coding_round = round_open(
            programme, project, coders=[ana, ben], quotes=quotes, themes=themes
        )
        _codes_for_all(coding_round, [ana, ben], list(coding_round.themes.all()))
        return _url(name, coding_round)

    client.force_login(evaluator)
    small = _count(client, counted(3, 2))
    big_url = counted(30, 6)
    # session, user, programme and access (3-4), round, the user's place, coders,
    # themes, quotes, codes, codes' themes, settlements and their themes; the
    # detail and disagreements pages add the settlements' themes in one prefetch.
    with django_assert_max_num_queries(small):
        assert client.get(big_url).status_code == 200
    assert small <= 18


def test_the_coding_page_keeps_its_queries_whatever_the_size(
    client, programme, project, ana, ben, django_assert_max_num_queries
):
    client.force_login(ana)
    small = round_open(programme, project, coders=[ana, ben], quotes=2, themes=2)
    _post_codes(
        client,
        small,
        small.coders.get(user=ana),
        {q: ["none"] for q in small.quotes.all()},
        submit=False,
    )
    # session, user, programme and access, round, the coder's place, themes,
    # quotes, the coder's codes and their themes, the audit insert.
    counted = _count(client, _url("coding_round_code", small))
    big = round_open(programme, project, coders=[ana, ben], quotes=40, themes=6)
    _post_codes(
        client,
        big,
        big.coders.get(user=ana),
        {q: ["none"] for q in big.quotes.all()},
        submit=False,
    )
    with django_assert_max_num_queries(counted):
        assert client.get(_url("coding_round_code", big)).status_code == 200
