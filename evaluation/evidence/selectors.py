"""Reads of evaluation evidence shared by pages and exports: a fixed number of queries
per call, and consent applied in one place (``quotes_visible_with``)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from evaluation.evidence.access import quotes_visible_with
from evaluation.models import (
    Consent,
    ConsentRecord,
    Document,
    EvaluationStage,
    Factor,
    FactorObservation,
    Invitation,
    OutcomeIndicator,
    Quote,
    ReviewVerdict,
    Theme,
    ThemeReview,
    TheoryVersion,
)
from projects.models import Programme, Project, RoleCategory

ROLE_LABELS = dict(RoleCategory.choices)


def project_quotes(project: Project, access) -> QuerySet[Quote]:
    quotes = Quote.objects.filter(project=project)
    return (
        quotes_visible_with(access, quotes)
        .select_related("stakeholder", "document")
        .prefetch_related("themes")
    )


def programme_quotes(programme: Programme, access) -> QuerySet[Quote]:
    quotes = Quote.objects.filter(project__programme=programme)
    return (
        quotes_visible_with(access, quotes)
        .select_related("project", "stakeholder", "document")
        .prefetch_related("themes")
        .order_by("project__title", "-said_on", "id")
    )


def exportable_quotes(programme: Programme) -> QuerySet[Quote]:
    """Quotes that may leave the system: never those marked "may not quote"."""
    return (
        Quote.objects.filter(project__programme=programme)
        .exclude(consent=Consent.MAY_NOT)
        .select_related("project", "document")
        .prefetch_related("themes")
        .order_by("project__title", "said_on", "id")
    )


def project_documents(project: Project) -> QuerySet[Document]:
    return Document.objects.filter(project=project).select_related("uploaded_by")


@dataclass
class ThemeNode:
    theme: Theme
    depth: int
    counts: dict  # role -> quotes coded to this theme or any of its sub-themes
    total: int


def _descendants(theme_id, children) -> set[int]:
    found, stack = set(), [theme_id]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(t.pk for t in children.get(current, []))
    return found


def theme_ids_under(theme: Theme) -> set[int]:
    """The theme and all its sub-themes (1 query)."""
    children: dict[int | None, list[Theme]] = defaultdict(list)
    for t in Theme.objects.filter(programme_id=theme.programme_id):
        children[t.parent_id].append(t)
    return _descendants(theme.pk, children)


def theme_tree(programme: Programme, access) -> list[ThemeNode]:
    """Themes in tree order, each with its quotes counted per role; a theme counts
    the quotes of its sub-themes too, each quote once (2 queries)."""
    themes = list(Theme.objects.filter(programme=programme))
    coded = quotes_visible_with(
        access, Quote.objects.filter(project__programme=programme)
    )
    quotes_of: dict[int, set] = defaultdict(set)
    rows = (
        Quote.themes.through.objects.filter(quote__in=coded)
        .values_list("theme_id", "quote_id", "quote__role_category")
        .order_by()
    )
    for theme_id, quote_id, role in rows:
        quotes_of[theme_id].add((quote_id, role))
    children: dict[int | None, list[Theme]] = defaultdict(list)
    for theme in themes:
        children[theme.parent_id].append(theme)
    nodes: list[ThemeNode] = []

    def walk(parent_id, depth, seen):
        for theme in children.get(parent_id, []):
            if theme.pk in seen:
                continue
            quotes = set().union(
                *(quotes_of[i] for i in _descendants(theme.pk, children))
            )
            by_role: dict[str, int] = defaultdict(int)
            for _, role in quotes:
                by_role[role] += 1
            nodes.append(ThemeNode(theme, depth, dict(by_role), len(quotes)))
            walk(theme.pk, depth + 1, seen | {theme.pk})

    walk(None, 0, frozenset())
    return nodes


def roles_in(nodes: list[ThemeNode]) -> list[tuple[str, str]]:
    used = {role for node in nodes for role in node.counts}
    return [(value, label) for value, label in RoleCategory.choices if value in used]


def theme_quotes_by_role(theme: Theme, access) -> list[tuple[str, list[Quote]]]:
    """Quotes coded to the theme or its sub-themes, grouped by the speaker's role
    (3 queries)."""
    quotes = quotes_visible_with(
        access, Quote.objects.filter(themes__in=theme_ids_under(theme)).distinct()
    ).select_related("project")
    grouped: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes.order_by("role_category", "said_on", "id"):
        grouped[quote.role_category].append(quote)
    return [
        (label, grouped[value])
        for value, label in RoleCategory.choices
        if grouped[value]
    ]


@dataclass
class RateRow:
    role: str
    label: str
    invited: int
    took_part: int

    @property
    def rate(self) -> float | None:
        return self.took_part / self.invited if self.invited else None


def response_rates(stages) -> dict[int, list[RateRow]]:
    """Invited, took part and response rate per role for each stage (1 query)."""
    rows = (
        Invitation.objects.filter(stage__in=stages)
        .values_list("stage_id", "role_category")
        .annotate(invited=Count("id"), took_part=Count("id", filter=Q(took_part=True)))
        .order_by()
    )
    result: dict[int, list[RateRow]] = defaultdict(list)
    for stage_id, role, invited, took_part in rows:
        result[stage_id].append(
            RateRow(role, ROLE_LABELS.get(role, role), invited, took_part)
        )
    order = {value: i for i, value in enumerate(RoleCategory.values)}
    for rate_rows in result.values():
        rate_rows.sort(key=lambda r: order.get(r.role, 99))
    return result


def stage_totals(rate_rows: list[RateRow]) -> RateRow:
    return RateRow(
        "",
        "All roles",
        sum(r.invited for r in rate_rows),
        sum(r.took_part for r in rate_rows),
    )


def programme_stages(programme: Programme) -> list[EvaluationStage]:
    return list(
        EvaluationStage.objects.filter(programme=programme).prefetch_related("themes")
    )


def stage_invitations(stage: EvaluationStage) -> QuerySet[Invitation]:
    return stage.invitations.select_related(
        "stakeholder__communication_needs"
    ).order_by("role_category", "stakeholder__display_name", "id")


def stage_reviews(stage: EvaluationStage):
    """Replies per draft theme: (theme, [(verdict label, count)], reviews)."""
    reviews = (
        ThemeReview.objects.filter(invitation__stage=stage)
        .select_related("invitation", "theme")
        .order_by("theme__position", "theme__name", "invitation__role_category")
    )
    by_theme: dict[int, list[ThemeReview]] = defaultdict(list)
    for review in reviews:
        by_theme[review.theme_id].append(review)
    result = []
    for theme in stage.themes.all():
        replies = by_theme.get(theme.pk, [])
        counts = defaultdict(int)
        for review in replies:
            counts[review.verdict] += 1
        tally = [
            (label, counts.get(value, 0)) for value, label in ReviewVerdict.choices
        ]
        result.append((theme, tally, replies))
    return result


def consent_records(programme: Programme) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(programme=programme).select_related(
        "stakeholder", "recorded_by"
    )


def programme_evaluation_counts(programme: Programme) -> dict:
    """How much the programme's evaluation holds, for its overview page (6 counts)."""
    return {
        "factors": Factor.objects.filter(group__programme=programme).count(),
        "unlinked": FactorObservation.objects.filter(
            project__programme=programme, factor__isnull=True
        ).count(),
        "themes": Theme.objects.filter(programme=programme).count(),
        "versions": TheoryVersion.objects.filter(programme=programme).count(),
        "indicators": OutcomeIndicator.objects.filter(programme=programme).count(),
        "stages": EvaluationStage.objects.filter(programme=programme).count(),
    }


def project_quote_count(project: Project, access) -> int:
    """How many of the project's quotes this reader may see."""
    return quotes_visible_with(access, Quote.objects.filter(project=project)).count()


def project_document_count(project: Project) -> int:
    return Document.objects.filter(project=project).count()


def open_review_invitations(programme, today):
    """People with a working member-checking link they have not answered yet, as
    (stakeholder id, stage): an invitation source for the unmet-needs list."""
    rows = (
        Invitation.objects.filter(
            stage__programme=programme,
            stakeholder__isnull=False,
            responded_at__isnull=True,
            link_revoked_at__isnull=True,
        )
        .exclude(token_hash="")
        .filter(Q(link_expires_at__isnull=True) | Q(link_expires_at__gt=timezone.now()))
        .filter(Q(stage__ends_on__isnull=True) | Q(stage__ends_on__gte=today))
        .values_list("stakeholder_id", "stage__name")
        .order_by("stage__name")
    )
    for stakeholder_id, name in rows:
        yield stakeholder_id, f"Review: {name}"
