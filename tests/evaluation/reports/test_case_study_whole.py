"""A whole case study entered through the services the forms call, then read back
from the PDF: every sentence entered appears in full, in its own section, and each
stage's entries in that stage's column."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from evaluation.evidence import services as evidence_services
from evaluation.factors import services as factor_services
from evaluation.models import (
    ClaimStatus,
    Consent,
    ContributionLevel,
    Effect,
    Factor,
    OutcomeIndicator,
    ReportKind,
)
from evaluation.outcomes import services as outcome_services
from evaluation.reports import services as report_services
from projects.models import ActivityKind, DiamondStage, RoleCategory, StoryPart
from projects.progress import services as progress_services
from projects.story import services as story_services

STAGES = [s.value for s in DiamondStage]
START = dt.date(2017, 1, 9)


def _sentences(tag: str, n: int) -> list[str]:
    """``n`` different sentences that say where they belong."""
    return [
        f"{tag} sentence {i}: people who use the service shaped this part of the "
        f"work, and the commissioners wrote down what they learned from it."
        for i in range(1, n + 1)
    ]


def _learning_point(i: int) -> tuple[str, list[str]]:
    sentences = _sentences(f"Learning point {i}", 12)
    text = " ".join(sentences[:6]) + "\n\n" + "\n".join(f"- {s}" for s in sentences[6:])
    assert len(text) > 1500
    return text, sentences


def _enter_whole_case_study(project, user) -> dict:
    """What a facilitator and an evaluator would type, through the same services."""
    entered = {"stages": {}, "learning": [], "story": {}, "outcomes": []}
    factor_services.factor_catalogue_seed(programme=project.programme)
    factors = list(Factor.objects.filter(group__programme=project.programme)[:12])
    day = START
    for n, stage in enumerate(STAGES):
        label = DiamondStage(stage).label
        plan, achieved = (
            _sentences(f"{label} plan", 2),
            _sentences(f"{label} result", 3),
        )
        progress_services.stage_move(
            project=project,
            to_stage=stage,
            happened_on=day,
            rationale=f"{label} move reason: the group agreed it was time.",
            recorded_by=user,
            seen_transition=project.stage_transitions.order_by("-id")
            .values_list("id", flat=True)
            .first()
            or 0,
        )
        progress_services.stage_plan_save(
            project=project,
            stage=stage,
            data={
                "plan": " ".join(plan),
                "contribution": f"{label} contribution: the team ran the meetings.",
                # Two paragraphs, as typed in the box.
                "achieved": achieved[0] + "\n" + achieved[1] + "\n\n" + achieved[2],
            },
            user=user,
            seen_version=0,
        )
        activity = progress_services.activity_create(
            project=project,
            data={
                "held_on": day + dt.timedelta(days=3),
                "kind": ActivityKind.WORKSHOP,
                "title": f"{label} workshop",
                "stage": stage,
                "outputs": f"{label} output: a list of questions for providers.",
            },
            recorded_by=user,
        )
        entries = []
        for k, factor in enumerate(factors[n * 3 : n * 3 + 3]):
            text = f"{label} factor {k + 1}: {factor.name.lower()} mattered here."
            factor_services.observation_create(
                project=project,
                data={
                    "stage": stage,
                    "effect": Effect.ENABLER if k % 2 == 0 else Effect.BARRIER,
                    "text": text,
                    "factor": factor,
                },
                user=user,
            )
            entries.append(text)
        entered["stages"][stage] = {
            "label": label,
            "plan": plan,
            "achieved": achieved,
            "entries": entries,
            "activity": f"{activity.title}",
            "output": activity.outputs,
            "move": f"{label} move reason: the group agreed it was time.",
        }
        project.refresh_from_db()
        day += dt.timedelta(days=60)
    for i in range(1, 3):
        text, sentences = _learning_point(i)
        report_services.learning_point_add(project=project, text=text, author=user)
        entered["learning"] += sentences
    for part in StoryPart:
        sentences = _sentences(f"Story {part.value}", 4)
        text = f"{sentences[0]} {sentences[1]}\n\n1. {sentences[2]}\n2. {sentences[3]}"
        story_services.story_section_save(
            project=project, part=part, text=text, user=user, seen_version=0
        )
        entered["story"][part.value] = sentences
    outcome_services.indicator_defaults_add(programme=project.programme)
    for k, indicator in enumerate(
        OutcomeIndicator.objects.filter(programme=project.programme)[:2]
    ):
        quote = evidence_services.quote_create(
            project=project,
            data={
                "text": f"Outcome {k + 1} quote: I felt like an equal in that room.",
                "source": "interview",
                "said_on": START,
                "role_category": RoleCategory.YOUNG_PERSON,
                "consent": Consent.ANONYMOUS,
            },
            user=user,
        )
        narrative = _sentences(f"Outcome {k + 1} narrative", 2)
        outcome_services.claim_create(
            project=project,
            data={
                "indicator": indicator,
                "status": ClaimStatus.ACHIEVED,
                "contribution": ContributionLevel.SIGNIFICANT,
                "narrative": "\n\n".join(narrative),
            },
            quotes=[quote],
            user=user,
        )
        entered["outcomes"] += narrative + [quote.text]
    return entered


def _flat(text: str) -> str:
    """Text with every space and line break taken out, so a word or a sentence
    broken across lines (or at a hyphen) reads as typed."""
    return re.sub(r"\s+", "", text)


# The Double Diamond picture's words, drawn after the page's text.
DIAMOND_LABELS = {
    "Discover",
    "Define",
    "Develop",
    "Deliver",
    "explore the problem",
    "agree the focus",
    "try out ideas",
    "put what works in place",
    "Now",
    "forward move move back (iteration)",
}


def _pdf_text(data: bytes) -> str:
    """The PDF's text without what is drawn around the flow of the text: page
    numbers, the running head of every page and list numbers (drawn after the page's
    text, so they would otherwise sit inside a sentence that runs over a page)."""
    pages = [
        page.extract_text().splitlines() for page in PdfReader(io.BytesIO(data)).pages
    ]
    seen_on = {}
    for lines in pages:
        for line in set(lines):
            seen_on[line] = seen_on.get(line, 0) + 1
    heads = {line for line, n in seen_on.items() if n > len(pages) // 2}
    kept = []
    for lines in pages:
        kept += [
            line
            for line in lines
            if line not in heads
            and line not in DIAMOND_LABELS
            and not re.fullmatch(r"\s*(\d+\.?\s*|Page \d+ of \d+)", line)
        ]
    return "\n".join(kept)


@pytest.mark.django_db
def test_every_sentence_of_a_whole_case_study_is_printed_in_full_in_its_place(
    project, facilitator
):
    project.title = "Whole case"
    project.save(update_fields=["title"])
    entered = _enter_whole_case_study(project, facilitator)
    result = report_services.report_pdf(ReportKind.CASE_STUDY, project=project)
    raw = _pdf_text(result.content)
    text = _flat(raw)

    def at(sentence: str) -> int:
        index = text.find(_flat(sentence))
        assert index >= 0, f"missing or cut: {sentence}"
        return index

    def section(title: str) -> int:
        return text.rindex(_flat(title))

    story_at = section("The story: what worked, for whom")
    diamond_at = section("The Double Diamond path")
    stages_at = section("Stage by stage")
    logic_at = section("A priori and post facto logic models")
    outcomes_at = text.index(_flat("Outcomes and contribution"), logic_at)
    learning_at = section("Key learning points")

    # The story: context, what worked and key elements in the story section; what
    # helped and hindered with the stage table.
    for part in ("context", "what-worked", "key-elements"):
        for sentence in entered["story"][part]:
            assert story_at < at(sentence) < diamond_at
    for sentence in entered["story"]["factors"]:
        assert stages_at < at(sentence) < logic_at

    # Stage moves with their dates and reasons.
    for stage in entered["stages"].values():
        assert diamond_at < at(stage["move"]) < stages_at
    assert _flat("9 January 2017: Started at Discover.") in text

    # The stage table: each row's cells in stage order, so each in its column.
    stages = list(entered["stages"].values())
    rows = [
        [[at(s) for s in stage["plan"]] for stage in stages],
        [[at(s) for s in stage["entries"]] for stage in stages],
        [[at(stage["output"])] for stage in stages],
        [[at(s) for s in stage["achieved"]] for stage in stages],
    ]
    for row in rows:
        for left, right in zip(row, row[1:], strict=False):
            assert max(left) < min(right)  # Discover's cell, then Define's...
        assert all(stages_at < i < logic_at for cell in row for i in cell)
    for above, below in zip(rows, rows[1:], strict=False):
        assert max(max(c) for c in above) < min(min(c) for c in below)
    # What each activity produced, under its title.
    for stage in entered["stages"].values():
        assert at(stage["activity"]) < at(stage["output"])

    for sentence in entered["outcomes"]:
        assert outcomes_at < at(sentence) < learning_at
    for sentence in entered["learning"]:
        assert at(sentence) > learning_at
    assert result.refused_urls == []
