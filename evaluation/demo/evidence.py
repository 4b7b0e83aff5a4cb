"""Demo evaluation evidence for the demo programme: factor catalogue and observations,
a theory of change in two versions, outcome indicators and contribution claims, quotes
from every role with redactions and consent, themes, three evaluation stages ending in
a finished member-checking round, consent records and two small documents.

Idempotent: rows are matched on natural keys, so ``manage.py demo`` can run again.
All text is written for the demo.
"""

import base64
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from evaluation.evidence import services
from evaluation.factors import catalogue
from evaluation.models import (
    ClaimStatus,
    Consent,
    ConsentRecord,
    ContributionClaim,
    ContributionLevel,
    Document,
    DocumentKind,
    Effect,
    EvaluationStage,
    EvaluationStageKind,
    Factor,
    FactorObservation,
    Invitation,
    OutcomeIndicator,
    Quote,
    QuoteSource,
    ReviewVerdict,
    Strength,
    Theme,
    ThemeReview,
    TheoryStatement,
    TheoryVersion,
)
from projects.models import DiamondStage, Programme, Project, RoleCategory, Stakeholder

PROGRAMME_SLUG = "co-create-south-yorkshire"
R = RoleCategory
S = DiamondStage
E = Effect

# The + and − entries of the stage tables, linked by the evaluator to a factor.
# Entries not listed stay unlinked, so the "link to a factor" work shows in the demo.
ENTRY_FACTORS = {
    "A commissioner who wanted to listen, not defend the service.": (
        "Openness to public involvement",
        Strength.STRONG,
    ),
    "A trusted community group opened doors for us.": (
        "Ideas rooted in the local area",
        Strength.STRONG,
    ),
    "Small grants covered travel and food, so more people came.": (
        "Paying for people to take part",
        Strength.MODERATE,
    ),
    "Participants chaired part of the workshop.": (
        "Sharing power and resources",
        Strength.MODERATE,
    ),
    "Earlier good experience of working together built trust quickly.": (
        "Past relationships with service users",
        Strength.STRONG,
    ),
    "Budget set aside for testing ideas before committing.": (
        "Funding from outside the project",
        Strength.MODERATE,
    ),
    "Provider staff joined sessions as equals.": (
        "Working across boundaries",
        Strength.MODERATE,
    ),
    "Procurement rules allowed participants' scores to count.": (
        "Organisations that fit together",
        Strength.STRONG,
    ),
    "A senior sponsor backed the final decision.": (
        "Permission to take risks",
        Strength.STRONG,
    ),
    "Past consultations that changed nothing made people wary.": (
        "Past relationships with service users",
        Strength.MODERATE,
    ),
    "Staff changes in the commissioning team slowed decisions.": (
        "Stretched budgets and staff",
        Strength.STRONG,
    ),
    "Some professionals saw participation as a box to tick.": (
        "Holding on to control",
        Strength.MODERATE,
    ),
    "Organisational sign-off took months.": (
        "Commissioning timescales",
        Strength.STRONG,
    ),
    "No budget line for paying participants' time.": (
        "Paying for people to take part",
        Strength.STRONG,
    ),
    "Contract timetables left little room for changes.": (
        "Commissioning timescales",
        Strength.MODERATE,
    ),
    "Funding for the new service was only agreed for one year.": (
        "Short-term funding",
        Strength.STRONG,
    ),
}

# Observations the evaluation team added from interviews: (project, stage, effect,
# text, factor, strength, note).
OWN_OBSERVATIONS = [
    (
        "coproduction-network",
        S.DISCOVER,
        E.BARRIER,
        "No partner would commit to host the network after scoping.",
        "Money to deliver the solution",
        Strength.STRONG,
        "Interviewees agreed the idea was wanted but nobody owned the cost.",
    ),
    (
        "coproduction-network",
        S.DISCOVER,
        E.BARRIER,
        "Partners had different ideas of what the network was for.",
        "Shared or clashing aims",
        Strength.STRONG,
        "",
    ),
    (
        "ae-attendance",
        S.DISCOVER,
        E.BARRIER,
        "The lead commissioner moved on and nobody picked the work up.",
        "Stretched budgets and staff",
        Strength.STRONG,
        "The question was folded into a wider review.",
    ),
    (
        "patient-engagement",
        S.DEFINE,
        E.BARRIER,
        "Worries about sharing patient information stalled the design.",
        "Handling personal information",
        Strength.STRONG,
        "",
    ),
    (
        "edge-of-care",
        S.DEFINE,
        E.BARRIER,
        "Fear that families' stories would be used against the service.",
        "Fear of the unknown",
        Strength.MODERATE,
        "",
    ),
    (
        "gypsy-traveller",
        S.DISCOVER,
        E.ENABLER,
        "A community worker known to families introduced the team.",
        "Person-centred engagement",
        Strength.STRONG,
        "Meetings happened on sites, at times families chose.",
    ),
    (
        "young-peoples-drug-alcohol",
        S.DELIVER,
        E.ENABLER,
        "Young people scored the bids and their scores counted.",
        "Sharing power and resources",
        Strength.STRONG,
        "",
    ),
    (
        "multiple-complex-needs",
        S.DEVELOP,
        E.ENABLER,
        "Peer mentors helped plan every workshop.",
        "Meetings planned together",
        Strength.STRONG,
        "",
    ),
    (
        "autism-services",
        S.DEFINE,
        E.ENABLER,
        "Families saw their ideas in the draft service specification.",
        "Contributions recognised and used",
        Strength.MODERATE,
        "",
    ),
    (
        "transition",
        S.DEVELOP,
        E.BARRIER,
        "Exams and college terms made it hard for young people to keep coming.",
        "Skills, confidence and time to take part",
        Strength.MODERATE,
        "",
    ),
]

THEMES = [
    (
        "Relationships and trust",
        "Working together depended on people getting to know and trust each other, "
        "and that took time.",
        [
            (
                "Being listened to",
                "People felt it mattered that professionals listened rather than "
                "defended how things were done.",
            ),
            (
                "Trust takes time",
                "Trust grew slowly, and past bad experiences had to be worked through "
                "first.",
            ),
        ],
    ),
    (
        "Power and who decides",
        "Whether people who use services really shared decisions, or were only "
        "asked for their views.",
        [
            (
                "Sharing decisions",
                "Examples of people who use services making real choices, such as "
                "scoring bids.",
            ),
            (
                "Professionals keeping control",
                "Rules, habits or worry about risk that kept decisions with staff.",
            ),
        ],
    ),
    (
        "Time and money",
        "What it cost to take part, and how funding shaped what was possible.",
        [
            (
                "Paying people for their time",
                "Covering costs and valuing people's time so more could join in.",
            ),
            (
                "Short-term funding",
                "Money that ran out before ideas could be put into practice.",
            ),
        ],
    ),
    (
        "Changing how services are bought",
        "Signs that co-production changed commissioning itself, not just one project.",
        [],
    ),
]

# (project, role, source, days before today, text, redactions, consent, themes,
#  speaker display name or None)
QUOTES = [
    (
        "autism-services",
        R.COMMISSIONER,
        QuoteSource.INTERVIEW,
        400,
        "I went in expecting complaints about Sheffield CCG and came out with three "
        "ideas we could actually fund.",
        "Sheffield CCG => name of organisation",
        Consent.ANONYMOUS,
        ["Being listened to", "Changing how services are bought"],
        "Aisha Rahman",
    ),
    (
        "patient-engagement",
        R.CLINICIAN,
        QuoteSource.INTERVIEW,
        520,
        "On the ward we are trained to fix things quickly. Sitting back and letting "
        "patients lead felt strange at first.",
        "",
        Consent.MAY_QUOTE,
        ["Professionals keeping control"],
        "Dr Tom Hale",
    ),
    (
        "ae-queue",
        R.HEALTH_PROVIDER,
        QuoteSource.WORKSHOP,
        610,
        "Once the triage nurses heard it from patients themselves, the changes were "
        "easy to agree.",
        "",
        Consent.ANONYMOUS,
        ["Being listened to"],
        "Priya Nair",
    ),
    (
        "community-strategy",
        R.ARTS_MANAGER,
        QuoteSource.INTERVIEW,
        300,
        "Open Door Arts was brought in to run workshops, but we ended up shaping the "
        "questions too.",
        "Open Door Arts => name of organisation",
        Consent.ANONYMOUS,
        ["Sharing decisions"],
        "Jo Brammer",
    ),
    (
        "transition",
        R.ARTIST,
        QuoteSource.REFLECTIVE_NOTE,
        330,
        "The drawings said more than the surveys ever did. Young people drew what "
        "leaving care felt like.",
        "",
        Consent.MAY_QUOTE,
        ["Being listened to"],
        "Sam Ellery",
    ),
    (
        "core-partnership",
        R.PATIENT_REP,
        QuoteSource.WORKSHOP,
        700,
        "For once I was not the token older person at the table. My vote counted the "
        "same as the director's.",
        "",
        Consent.ANONYMOUS,
        ["Sharing decisions"],
        "Margaret (pseudonym)",
    ),
    (
        "multiple-complex-needs",
        R.SERVICE_USER,
        QuoteSource.INTERVIEW,
        250,
        "They paid for my bus and lunch. Sounds small, but without it I would not "
        "have come back after the first week.",
        "",
        Consent.ANONYMOUS,
        ["Paying people for their time"],
        "Lee",
    ),
    (
        "multiple-complex-needs",
        R.SERVICE_USER,
        QuoteSource.INTERVIEW,
        250,
        "I told them about my time at the hostel on Duke Street and I do not want "
        "that repeated anywhere.",
        "Duke Street => name of street",
        Consent.MAY_NOT,
        ["Trust takes time"],
        "Lee",
    ),
    (
        "young-peoples-drug-alcohol",
        R.YOUNG_PERSON,
        QuoteSource.WORKSHOP,
        200,
        "We scored the bids ourselves. One provider we marked down did not get the "
        "contract, so it was real.",
        "",
        Consent.ANONYMOUS,
        ["Sharing decisions", "Changing how services are bought"],
        "Kez",
    ),
    (
        "child-friendly",
        R.YOUNG_PERSON,
        QuoteSource.QUESTIONNAIRE,
        150,
        "Adults kept saying Rotherham should be child friendly but nobody asked us "
        "what that meant until now.",
        "Rotherham => name of town",
        Consent.ANONYMOUS,
        ["Being listened to"],
        "Ruby",
    ),
    (
        "innovation-fund",
        R.VOLUNTARY,
        QuoteSource.INTERVIEW,
        680,
        "Small grants, decided by older residents, reached groups the council had "
        "never heard of.",
        "",
        Consent.MAY_QUOTE,
        ["Sharing decisions"],
        "Nadia Osei",
    ),
    (
        "take-part-1",
        R.PROVIDER,
        QuoteSource.INTERVIEW,
        420,
        "Our contract ran for a year, so just as tenants trusted us the money stopped.",
        "",
        Consent.ANONYMOUS,
        ["Short-term funding"],
        "Pete Lowther",
    ),
    (
        "gypsy-traveller",
        R.FACILITATOR,
        QuoteSource.REFLECTIVE_NOTE,
        560,
        "Going to the sites at times families chose made all the difference. Our "
        "office hours would have shut them out.",
        "",
        Consent.MAY_QUOTE,
        ["Trust takes time"],
        "Fran Okafor",
    ),
    (
        "gypsy-traveller",
        R.EVALUATOR,
        QuoteSource.REFLECTIVE_NOTE,
        540,
        "Commissioners rarely had time to reflect with us; interviews kept slipping "
        "down their diaries.",
        "",
        Consent.MAY_QUOTE,
        ["Professionals keeping control"],
        "Eve Lindqvist",
    ),
    (
        "gypsy-traveller",
        R.PATIENT_REP,
        QuoteSource.INTERVIEW,
        545,
        "People on the site at Balby had been asked before and nothing changed, so "
        "they waited to see if this was different.",
        "Balby => name of place",
        Consent.ANONYMOUS,
        ["Trust takes time"],
        "Mary Lee",
    ),
    (
        "edge-of-care",
        R.COMMISSIONER,
        QuoteSource.INTERVIEW,
        380,
        "Legal worries meant we could not share what families told us with the "
        "provider, and the design stalled.",
        "",
        Consent.ANONYMOUS,
        ["Professionals keeping control"],
        "Dan Price",
    ),
    (
        "intermediate-care",
        R.SERVICE_USER,
        QuoteSource.WORKSHOP,
        470,
        "After my hip operation nobody explained who would visit. Now the leaflet "
        "we wrote does exactly that.",
        "",
        Consent.ANONYMOUS,
        ["Changing how services are bought"],
        "Bev Hollis",
    ),
    (
        "module-development",
        R.OTHER,
        QuoteSource.DOCUMENT,
        360,
        "Students said the sessions led by people with lived experience were the "
        "ones they remembered.",
        "",
        Consent.MAY_QUOTE,
        ["Being listened to"],
        "Chris Wood",
    ),
    (
        "ae-attendance",
        R.COMMISSIONER,
        QuoteSource.INTERVIEW,
        600,
        "When Helen left the post the work had no owner, and the question was "
        "folded into the wider urgent care review.",
        "Helen => name of colleague",
        Consent.ANONYMOUS,
        ["Short-term funding"],
        "Helen Marsh",
    ),
]

# (project, indicator position, status, contribution, narrative, quote starts)
CLAIMS = [
    (
        "young-peoples-drug-alcohol",
        0,
        ClaimStatus.ACHIEVED,
        ContributionLevel.ESSENTIAL,
        "The new service was commissioned on the young people's scores. Without the "
        "facilitators training the panel and arranging the scoring, young people "
        "would have been consulted but would not have decided.",
        ["We scored the bids"],
    ),
    (
        "young-peoples-drug-alcohol",
        3,
        ClaimStatus.ACHIEVED,
        ContributionLevel.SIGNIFICANT,
        "Panel members said they felt their views had changed the outcome.",
        ["We scored the bids"],
    ),
    (
        "autism-services",
        0,
        ClaimStatus.PARTLY,
        ContributionLevel.SIGNIFICANT,
        "Proposals went to the board and were agreed in principle; funding was "
        "still being sought. The programme ran the family workshops that produced "
        "them.",
        ["I went in expecting"],
    ),
    (
        "ae-queue",
        1,
        ClaimStatus.ACHIEVED,
        ContributionLevel.SOME,
        "Triage changes were made by the provider. The programme helped gather "
        "patients' views, but the trust had already planned some changes.",
        ["Once the triage nurses"],
    ),
    (
        "intermediate-care",
        1,
        ClaimStatus.ACHIEVED,
        ContributionLevel.SIGNIFICANT,
        "The provider now uses the information leaflet written with former patients.",
        ["After my hip operation"],
    ),
    (
        "innovation-fund",
        4,
        ClaimStatus.ACHIEVED,
        ContributionLevel.SOME,
        "The residents' panel went on to advise on a second fund.",
        ["Small grants, decided"],
    ),
    (
        "coproduction-network",
        4,
        ClaimStatus.NOT_ACHIEVED,
        ContributionLevel.NONE,
        "Partners did not continue once the scoping work ended.",
        [],
    ),
    (
        "child-friendly",
        3,
        ClaimStatus.TOO_EARLY,
        ContributionLevel.SOME,
        "Young people's views are being gathered; it is too early to say whether "
        "they feel heard.",
        ["Adults kept saying"],
    ),
    (
        "take-part-1",
        2,
        ClaimStatus.NOT_ACHIEVED,
        ContributionLevel.NONE,
        "No policy changed before the funding ended.",
        ["Our contract ran"],
    ),
]

CONSENTS = [
    ("Lee", Consent.MAY_NOT, "Said at the end of the interview", 250),
    ("Aisha Rahman", Consent.ANONYMOUS, "Signed consent form", 401),
    ("Dr Tom Hale", Consent.MAY_QUOTE, "Signed consent form", 521),
    ("Kez", Consent.ANONYMOUS, "Signed by the young person and a carer", 205),
]

# Evaluation stages: (name, kind, start days ago, length, invitations by role
# as {role: (invited, took part)}).
STAGES = [
    (
        "Stage 1: interviews",
        EvaluationStageKind.INTERVIEWS,
        720,
        90,
        {
            R.COMMISSIONER: (6, 4),
            R.CLINICIAN: (8, 5),
            R.ARTS_MANAGER: (14, 11),
            R.PATIENT_REP: (6, 3),
        },
    ),
    (
        "Stage 2: workshops",
        EvaluationStageKind.WORKSHOPS,
        560,
        30,
        {
            R.COMMISSIONER: (6, 3),
            R.CLINICIAN: (8, 3),
            R.ARTS_MANAGER: (7, 4),
            R.ARTIST: (9, 8),
            R.PATIENT_REP: (6, 2),
            R.SERVICE_USER: (7, 4),
        },
    ),
]
MEMBER_CHECK = "Stage 3: member checking"
# (person, took part, {theme name: (verdict, comment)})
MEMBER_REPLIES = [
    (
        "Aisha Rahman",
        True,
        {
            "Relationships and trust": (ReviewVerdict.AGREE, ""),
            "Power and who decides": (
                ReviewVerdict.AGREE,
                "True for our project, though the board still signed things off.",
            ),
            "Time and money": (ReviewVerdict.AGREE, ""),
        },
    ),
    (
        "Margaret (pseudonym)",
        True,
        {
            "Relationships and trust": (ReviewVerdict.AGREE, "This is exactly it."),
            "Power and who decides": (ReviewVerdict.AGREE, ""),
            "Time and money": (
                ReviewVerdict.UNSURE,
                "We were never paid, but I did not expect to be.",
            ),
        },
    ),
    (
        "Kez",
        True,
        {
            "Relationships and trust": (ReviewVerdict.AGREE, ""),
            "Power and who decides": (
                ReviewVerdict.DISAGREE,
                "It says professionals kept control, but on our panel we decided.",
            ),
        },
    ),
    (
        "Jo Brammer",
        True,
        {
            "Relationships and trust": (ReviewVerdict.AGREE, ""),
            "Time and money": (ReviewVerdict.AGREE, "Short funding hurt us most."),
        },
    ),
    (
        "Dr Tom Hale",
        True,
        {"Power and who decides": (ReviewVerdict.AGREE, "")},
    ),
    (
        "Pete Lowther",
        True,
        {"Time and money": (ReviewVerdict.AGREE, "")},
    ),
    ("Dan Price", False, {}),
    ("Helen Marsh", False, {}),
    ("Sam Ellery", False, {}),
    ("Lee", False, {}),
    ("Nadia Osei", False, {}),
]

# A 1x1 transparent PNG: the demo's "photo of a workshop wall".
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
NOTES_TEXT = (
    "Workshop notes (demo)\n\n"
    "Twelve people came: four young people, two commissioners, three provider staff, "
    "two youth workers and a facilitator.\n"
    "Young people asked for the scoring sheet in plain words; it was rewritten on "
    "the day.\n"
    "Agreed: the panel's scores count for 40 per cent of the decision.\n"
)


def _seed_catalogue(programme) -> dict[str, Factor]:
    services.factor_catalogue_seed(programme=programme)
    return {
        f.name: f
        for f in Factor.objects.filter(group__programme=programme).select_related(
            "group"
        )
    }


def _link_entries(programme, factors) -> None:
    for text, (factor_name, strength) in ENTRY_FACTORS.items():
        FactorObservation.objects.filter(
            project__programme=programme, text=text, factor__isnull=True
        ).update(factor=factors[factor_name], strength=strength)


def _own_observations(programme, factors, projects, eve) -> None:
    for slug, stage, effect, text, factor_name, strength, note in OWN_OBSERVATIONS:
        if slug not in projects:
            continue
        FactorObservation.objects.get_or_create(
            project=projects[slug],
            stage=stage,
            effect=effect,
            text=text,
            defaults={
                "factor": factors[factor_name],
                "strength": strength,
                "note": note,
                "recorded_by": eve,
            },
        )


def _theory(programme, eve) -> None:
    versions = [
        (
            1,
            "Original theory of change",
            dt.date(2016, 3, 1),
            "Agreed by the team and the advisory group at the start of the programme.",
            catalogue.ORIGINAL_THEORY,
        ),
        (
            2,
            "Revised theory of change",
            dt.date(2019, 3, 1),
            "After three years the projects showed that conditions between the IF and "
            "the THEN decide whether change happens, so WHEN and BECAUSE were added.",
            catalogue.REVISED_THEORY,
        ),
    ]
    for number, title, dated, note, statements in versions:
        version, created = TheoryVersion.objects.get_or_create(
            programme=programme,
            number=number,
            defaults={"title": title, "dated": dated, "note": note, "created_by": eve},
        )
        if created or not version.statements.exists():
            for position, (if_text, then_text, when, because) in enumerate(
                statements, start=1
            ):
                TheoryStatement.objects.create(
                    version=version,
                    position=position,
                    if_text=if_text,
                    then_text=then_text,
                    when_text="\n".join(when),
                    because_text="\n".join(because),
                )
    revised = list(
        TheoryStatement.objects.filter(version__programme=programme, version__number=2)
    )
    for position, (name, description) in enumerate(catalogue.OUTCOME_INDICATORS):
        source = next((st for st in revised if name in st.because_items()), None)
        OutcomeIndicator.objects.get_or_create(
            programme=programme,
            name=name,
            defaults={
                "description": description,
                "position": position,
                "statement": source,
            },
        )


def _themes(programme) -> dict[str, Theme]:
    themes = {}
    for position, (name, description, children) in enumerate(THEMES):
        parent, _ = Theme.objects.get_or_create(
            programme=programme,
            parent=None,
            name=name,
            defaults={"description": description, "position": position},
        )
        themes[name] = parent
        for child_position, (child, child_text) in enumerate(children):
            themes[child], _ = Theme.objects.get_or_create(
                programme=programme,
                parent=parent,
                name=child,
                defaults={"description": child_text, "position": child_position},
            )
    return themes


def _documents(programme, projects, eve) -> dict[str, Document]:
    files = [
        (
            "young-peoples-drug-alcohol",
            "Notes from the scoring workshop",
            DocumentKind.MEETING_NOTES,
            "workshop-notes.txt",
            NOTES_TEXT.encode(),
        ),
        (
            "transition",
            "Photo of the workshop wall",
            DocumentKind.PHOTO,
            "workshop-wall.png",
            TINY_PNG,
        ),
    ]
    documents = {}
    for slug, title, kind, filename, content in files:
        project = projects.get(slug)
        if project is None:
            continue
        existing = Document.objects.filter(project=project, title=title).first()
        if existing is None:
            existing = services.document_upload(
                project=project,
                uploaded=SimpleUploadedFile(filename, content),
                data={"title": title, "kind": kind, "description": ""},
                user=eve,
            )
        documents[slug] = existing
    return documents


def _quotes(programme, projects, people, themes, documents, eve) -> list[Quote]:
    today = timezone.localdate()
    quotes = []
    for (
        slug,
        role,
        source,
        days,
        text,
        redactions,
        consent,
        theme_names,
        speaker,
    ) in QUOTES:
        project = projects.get(slug)
        if project is None:
            continue
        quote = Quote.objects.filter(project=project, text=text).first()
        if quote is None:
            quote = Quote.objects.create(
                project=project,
                text=text,
                redactions=services.redactions_from_lines(text, redactions),
                source=source,
                said_on=today - dt.timedelta(days=days),
                role_category=role,
                stakeholder=people.get(speaker),
                consent=consent,
                document=documents.get(slug)
                if source == QuoteSource.DOCUMENT
                else None,
                recorded_by=eve,
            )
        quote.themes.set([themes[name] for name in theme_names])
        quotes.append(quote)
    # Quotes as evidence for observations in the same project and about the same
    # kind of thing (by their themes' factors).
    evidence = {
        "Young people scored the bids and their scores counted.": "We scored the bids",
        "A community worker known to families introduced the team.": "Going to the sites",
        "The lead commissioner moved on and nobody picked the work up.": "When Helen left",
        "Peer mentors helped plan every workshop.": "They paid for my bus",
    }
    for obs_text, quote_start in evidence.items():
        observation = FactorObservation.objects.filter(
            project__programme=programme, text=obs_text
        ).first()
        quote = next((q for q in quotes if q.text.startswith(quote_start)), None)
        if observation and quote and quote.project_id == observation.project_id:
            observation.quotes.add(quote)
    notes = documents.get("young-peoples-drug-alcohol")
    observation = FactorObservation.objects.filter(
        project__slug="young-peoples-drug-alcohol",
        text="Young people scored the bids and their scores counted.",
    ).first()
    if notes and observation:
        observation.documents.add(notes)
    return quotes


def _claims(programme, projects, quotes, documents, eve) -> None:
    indicators = list(OutcomeIndicator.objects.filter(programme=programme))
    by_position = {i.position: i for i in indicators}
    for slug, position, status, level, narrative, quote_starts in CLAIMS:
        project = projects.get(slug)
        indicator = by_position.get(position)
        if project is None or indicator is None:
            continue
        claim, _ = ContributionClaim.objects.get_or_create(
            project=project,
            indicator=indicator,
            defaults={
                "status": status,
                "contribution": level,
                "narrative": narrative,
                "recorded_by": eve,
            },
        )
        claim.quotes.set(
            [
                q
                for q in quotes
                if q.project_id == project.pk
                and any(q.text.startswith(start) for start in quote_starts)
            ]
        )
        if slug in documents:
            claim.documents.set([documents[slug]])


def _consents(programme, people, eve) -> None:
    today = timezone.localdate()
    for name, consent, how, days in CONSENTS:
        person = people.get(name)
        if person is None:
            continue
        ConsentRecord.objects.get_or_create(
            programme=programme,
            stakeholder=person,
            consent=consent,
            defaults={
                "role_category": person.role_category,
                "recorded_on": today - dt.timedelta(days=days),
                "how": how,
                "recorded_by": eve,
            },
        )


def _stages(programme, people, themes) -> None:
    today = timezone.localdate()
    for position, (name, kind, start, length, by_role) in enumerate(STAGES):
        stage, _ = EvaluationStage.objects.get_or_create(
            programme=programme,
            name=name,
            defaults={
                "kind": kind,
                "position": position,
                "starts_on": today - dt.timedelta(days=start),
                "ends_on": today - dt.timedelta(days=start - length),
            },
        )
        if stage.invitations.exists():
            continue
        Invitation.objects.bulk_create(
            Invitation(
                stage=stage,
                role_category=role,
                invited_on=stage.starts_on,
                took_part=number < took_part,
            )
            for role, (invited, took_part) in by_role.items()
            for number in range(invited)
        )
    review, _ = EvaluationStage.objects.get_or_create(
        programme=programme,
        name=MEMBER_CHECK,
        defaults={
            "kind": EvaluationStageKind.MEMBER_CHECKING,
            "position": len(STAGES),
            "starts_on": today - dt.timedelta(days=120),
            "ends_on": today - dt.timedelta(days=90),
        },
    )
    top_level = [themes[name] for name, _, _ in THEMES[:3]]
    review.themes.set(top_level)
    for name, took_part, answers in MEMBER_REPLIES:
        person = people.get(name)
        if person is None:
            continue
        invitation, created = Invitation.objects.get_or_create(
            stage=review,
            stakeholder=person,
            defaults={
                "role_category": person.role_category,
                "invited_on": review.starts_on,
            },
        )
        if created:
            # A link was sent at the time; it has expired with the round.
            services.invitation_link_issue(invitation=invitation)
            Invitation.objects.filter(pk=invitation.pk).update(
                link_expires_at=timezone.now() - dt.timedelta(days=90)
            )
        for theme_name, (verdict, comment) in answers.items():
            ThemeReview.objects.update_or_create(
                invitation=invitation,
                theme=themes[theme_name],
                defaults={"verdict": verdict, "comment": comment},
            )
        if took_part and not invitation.took_part:
            Invitation.objects.filter(pk=invitation.pk).update(
                took_part=True,
                responded_at=timezone.now() - dt.timedelta(days=100),
            )


@transaction.atomic
def demo_load() -> None:
    """Add the evaluation evidence to the demo programme (safe to run again)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return
    eve = get_user_model().objects.filter(username="eve").first()
    projects = {p.slug: p for p in Project.objects.filter(programme=programme)}
    people = {
        s.display_name: s for s in Stakeholder.objects.filter(programme=programme)
    }
    factors = _seed_catalogue(programme)
    _link_entries(programme, factors)
    _own_observations(programme, factors, projects, eve)
    _theory(programme, eve)
    themes = _themes(programme)
    documents = _documents(programme, projects, eve)
    quotes = _quotes(programme, projects, people, themes, documents, eve)
    _claims(programme, projects, quotes, documents, eve)
    _consents(programme, people, eve)
    _stages(programme, people, themes)
