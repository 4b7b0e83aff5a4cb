import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation.evidence import services
from evaluation.models import Consent, Quote
from projects.models import HistoryEvent, RoleCategory
from projects.services import stakeholder_delete
from tests.evaluation.evidence.factories import (
    ConsentRecordFactory,
    QuoteFactory,
    ThemeFactory,
)
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db

TEXT = "At Open Door Arts we met Sam every week, and Open Door Arts paid the bus."


def test_redaction_lines_hide_every_occurrence_behind_a_placeholder():
    spans = services.redactions_from_lines(
        TEXT, "Open Door Arts => name of organisation\nSam => [name]"
    )
    quote = Quote(text=TEXT, redactions=spans)
    assert quote.shown_text() == (
        "At [name of organisation] we met [name] every week, and "
        "[name of organisation] paid the bus."
    )


@pytest.mark.parametrize(
    "lines",
    [
        "Nowhere => place",
        "Open Door Arts",
        "=> empty",
        "Open Door => a\nDoor Arts => b",
    ],
)
def test_bad_redaction_lines_are_refused(lines):
    with pytest.raises(ValidationError):
        services.redactions_from_lines(TEXT, lines)


def test_redactions_round_trip_to_the_edit_form(project):
    quote = services.quote_create(
        project=project,
        data={
            "text": TEXT,
            "source": "interview",
            "role_category": "artist",
            "consent": Consent.ANONYMOUS,
        },
        redaction_text="Sam => name",
    )
    assert services.redaction_lines(quote) == "Sam => name"


def test_quote_cannot_be_more_open_than_the_persons_consent(project, stakeholder):
    ConsentRecordFactory(
        programme=project.programme, stakeholder=stakeholder, consent=Consent.ANONYMOUS
    )
    with pytest.raises(ValidationError) as error:
        services.quote_create(
            project=project,
            data={
                "text": "Hello",
                "source": "interview",
                "stakeholder": stakeholder,
                "role_category": "patient_rep",
                "consent": Consent.MAY_QUOTE,
            },
        )
    assert "consent" in error.value.message_dict


def test_a_stricter_consent_record_makes_existing_quotes_stricter(project, stakeholder):
    quote = QuoteFactory(
        project=project, stakeholder=stakeholder, consent=Consent.MAY_QUOTE
    )
    services.consent_record_create(
        programme=project.programme,
        data={"stakeholder": stakeholder, "consent": Consent.MAY_NOT, "how": "Email"},
    )
    quote.refresh_from_db()
    assert quote.consent == Consent.MAY_NOT


def test_deleting_the_speaker_keeps_the_quote_by_role(project, stakeholder):
    quote = QuoteFactory(
        project=project, stakeholder=stakeholder, role_category="artist"
    )
    stakeholder_delete(stakeholder=stakeholder)
    quote.refresh_from_db()
    assert quote.stakeholder is None
    assert quote.role_category == stakeholder.role_category


def test_commissioner_never_sees_a_quote_marked_may_not_quote(
    client, commissioner, project
):
    QuoteFactory(project=project, text="Fine to share this.")
    hidden = QuoteFactory(
        project=project, text="Please keep this private.", consent=Consent.MAY_NOT
    )
    theme = ThemeFactory(programme=project.programme)
    hidden.themes.add(theme)
    client.force_login(commissioner)
    pages = [
        reverse("evaluation:quote_list", args=[project.slug]),
        reverse("evaluation:theme_detail", args=[project.programme.slug, theme.pk]),
        reverse("evaluation:project_evidence", args=[project.slug]),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert "Please keep this private" not in body
    assert "Fine to share this" in client.get(pages[0]).content.decode()


def test_evaluator_sees_restricted_quotes_marked_as_such(client, evaluator, project):
    QuoteFactory(
        project=project, text="Please keep this private.", consent=Consent.MAY_NOT
    )
    client.force_login(evaluator)
    body = client.get(
        reverse("evaluation:quote_list", args=[project.slug])
    ).content.decode()
    assert "Please keep this private" in body
    assert "Not for quoting" in body


def test_pages_show_redacted_text_and_escape_html(client, commissioner, project):
    text = "<script>alert(1)</script> said Ann Example at the clinic"
    QuoteFactory(
        project=project,
        text=text,
        redactions=services.redactions_from_lines(text, "Ann Example => name"),
    )
    client.force_login(commissioner)
    body = client.get(
        reverse("evaluation:quote_list", args=[project.slug])
    ).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body
    assert "Ann Example" not in body
    assert "[name]" in body


def test_evaluator_adds_and_codes_a_quote_and_the_view_is_audited(
    client, evaluator, project
):
    theme = ThemeFactory(programme=project.programme)
    client.force_login(evaluator)
    response = client.post(
        reverse("evaluation:quote_create", args=[project.slug]),
        {
            "text": TEXT,
            "source": "workshop",
            "role_category": RoleCategory.ARTIST,
            "consent": Consent.ANONYMOUS,
            "redactions": "Sam => name",
            "themes": [theme.pk],
        },
    )
    assert response.status_code == 302
    quote = Quote.objects.get(project=project)
    assert list(quote.themes.all()) == [theme]
    client.get(reverse("evaluation:quote_list", args=[project.slug]))
    actions = HistoryEvent.objects.filter(project_id=project.pk).values_list(
        "model", "action"
    )
    assert {("evaluation.quote", "created"), ("projects.project", "viewed")} <= set(
        actions
    )


def test_quote_form_keeps_typed_text_when_a_redaction_is_wrong(
    client, evaluator, project
):
    client.force_login(evaluator)
    response = client.post(
        reverse("evaluation:quote_create", args=[project.slug]),
        {
            "text": "Words I typed",
            "source": "workshop",
            "role_category": "artist",
            "consent": Consent.ANONYMOUS,
            "redactions": "Missing => x",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Words I typed" in body
    assert "is not in the quote" in body
    assert not Quote.objects.exists()


def test_theme_counts_are_per_group_of_speakers(client, evaluator, project):
    theme = ThemeFactory(programme=project.programme, name="Trust")
    speakers = [
        ("artist", 3, 4),  # three artists, four quotes
        ("commissioner", 3, 3),
        ("clinician", 1, 1),
        ("young_person", 2, 2),
    ]
    for role, people, quotes in speakers:
        named = [
            StakeholderFactory(programme=project.programme, role_category=role)
            for _ in range(people)
        ]
        for i in range(quotes):
            QuoteFactory(
                project=project, role_category=role, stakeholder=named[i % people]
            ).themes.add(theme)
    # Quotes with no named speaker count as one person between them.
    for _ in range(3):
        QuoteFactory(project=project, role_category="service_user").themes.add(theme)
    client.force_login(evaluator)
    response = client.get(
        reverse("evaluation:theme_list", args=[project.programme.slug])
    )
    rows = response.context["rows"]
    roles = [value for value, _ in response.context["roles"]]
    node, counts = rows[0]
    # The clinician, the two young people and the unnamed carer make four people.
    assert dict(zip(roles, counts, strict=True)) == {
        "commissioner": 3,
        "artist": 4,
        "combined": 6,
    }
    assert node.total == 13
    body = response.content.decode()
    assert (
        "Other groups combined: Clinician, Service user or carer, Young person." in body
    )
    assert "Groups with fewer than 3 people are combined or not shown" in body


def test_a_theme_counts_the_quotes_of_its_sub_themes_once(client, evaluator, project):
    parent = ThemeFactory(programme=project.programme, name="Power", position=0)
    first = ThemeFactory(programme=project.programme, parent=parent, name="Deciding")
    second = ThemeFactory(programme=project.programme, parent=parent, name="Control")
    both = QuoteFactory(project=project, role_category="artist")
    both.themes.add(first, second)
    QuoteFactory(project=project, role_category="commissioner").themes.add(parent)
    client.force_login(evaluator)
    rows = client.get(
        reverse("evaluation:theme_list", args=[project.programme.slug])
    ).context["rows"]
    totals = {node.theme.name: node.total for node, _ in rows}
    assert totals == {"Power": 2, "Deciding": 1, "Control": 1}
    page = client.get(
        reverse("evaluation:theme_detail", args=[project.programme.slug, parent.pk])
    )
    assert [label for label, _ in page.context["groups"]] == ["Commissioner", "Artist"]


def _quote_post(text, version):
    return {
        "text": text,
        "source": "workshop",
        "role_category": RoleCategory.ARTIST,
        "consent": Consent.ANONYMOUS,
        "edit_version": version,
    }


def test_two_editors_of_one_quote_the_second_keeps_their_text_and_sees_the_first(
    client, evaluator, facilitator, project
):
    from django.test import Client

    quote = QuoteFactory(project=project)
    url = reverse("evaluation:quote_edit", args=[project.slug, quote.pk])
    other = Client()
    client.force_login(evaluator)
    other.force_login(facilitator)
    first = client.post(url, _quote_post("The first wording.", quote.edit_version))
    assert first.status_code == 302
    second = other.post(url, _quote_post("The second wording.", quote.edit_version))
    body = second.content.decode()
    assert second.status_code == 200
    assert "Someone else saved changes" in body
    assert "The second wording." in body  # still in the form
    assert "The first wording." in body  # what the other person saved
    quote.refresh_from_db()
    assert quote.text == "The first wording."
    assert quote.edit_version == 2
