"""Reads of evaluation evidence shared by pages and exports: a fixed number of queries
per call, and consent applied in one place (``quotes_visible_with``)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from coproduce import disclosure
from coproduce.numbers import percent
from evaluation.evidence.access import quotes_visible_with
from evaluation.models import (
    ROLE_NOT_RECORDED,
    Consent,
    ConsentRecord,
    Document,
    EvaluationStage,
    Factor,
    FactorObservation,
    Invitation,
    InvitationCount,
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


def speakers_by_role(programme: Programme, access) -> dict[str, int]:
    """How many people the reader's coded quotes come from, per role; quotes with
    no named speaker count as one person between them, so a group is never thought
    bigger than it is (1 query)."""
    coded = quotes_visible_with(
        access, Quote.objects.filter(project__programme=programme, themes__isnull=False)
    )
    speakers: dict[str, set] = defaultdict(set)
    for role, stakeholder_id in coded.values_list(
        "role_category", "stakeholder_id"
    ).distinct():
        speakers[role].add(stakeholder_id)
    return {role: len(ids) for role, ids in speakers.items()}


def theme_table(programme: Programme, access):
    """The theme tree as a table of quote counts by the speakers' group, the groups
    following the disclosure rule (3 queries): (columns, rows, grouping), each row
    being (node, counts in column order)."""
    nodes = theme_tree(programme, access)
    sizes = speakers_by_role(programme, access)
    grouping = disclosure.groups_merge(
        [(value, label, sizes.get(value, 0)) for value, label in roles_in(nodes)]
    )
    columns = [(key, label) for key, label, _ in grouping.shown]
    rows = []
    for node in nodes:
        counts = defaultdict(int)
        for role, n in node.counts.items():
            if (key := grouping.key_for(role)) is not None:
                counts[key] += n
        rows.append((node, [counts[key] for key, _ in columns]))
    return columns, rows, grouping


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
    note: str = ""  # which roles a combined row holds
    withheld: bool = False  # too few people to show any figures
    # The part of the figures entered as published counts (the rest are individual
    # invitations recorded one by one).
    counted_invited: int = 0
    counted_took_part: int = 0
    counted: bool = False  # the row holds published counts

    @property
    def rate(self) -> float | None:
        return self.took_part / self.invited if self.invited else None

    @property
    def percent(self) -> int | None:
        """The response rate as a whole percentage, halves rounded up."""
        return percent(self.took_part, self.invited)


def _rates_disclosed(rate_rows: list[RateRow]) -> list[RateRow]:
    """The rows under the disclosure rule, a group's size being the people invited:
    small groups combined, or one row saying nothing is shown."""
    grouping = disclosure.groups_merge(
        [(r.role, r.label, r.invited) for r in rate_rows]
    )
    if grouping.withheld:
        return [
            RateRow(
                "",
                f"All roles (fewer than {disclosure.min_group()} people invited)",
                0,
                0,
                withheld=True,
            )
        ]
    merged = {key: RateRow(key, label, 0, 0) for key, label, _ in grouping.shown}
    for row in rate_rows:
        if (key := grouping.key_for(row.role)) is not None:
            merged[key].invited += row.invited
            merged[key].took_part += row.took_part
    if disclosure.COMBINED in merged:
        merged[disclosure.COMBINED].note = ", ".join(grouping.combined_from)
    return list(merged.values())


ROLE_ORDER = {value: i for i, value in enumerate(RoleCategory.values)}


def _count_order(count: InvitationCount) -> tuple:
    # Groups by their first role in the usual role order; combined groups after the
    # single role they start with; "role not recorded" last.
    if not count.roles:
        return (len(ROLE_ORDER) + 1, 0, "")
    first = min(ROLE_ORDER.get(r, 99) for r in count.roles)
    return (first, len(count.roles), count.shown_label)


def _rates_with_counts(
    disclosed: list[RateRow], counts: list[InvitationCount]
) -> list[RateRow]:
    """Published counts joined to the disclosed individual rows.

    A count group of exactly one role takes in the individual invitations of that
    role when those are shown as their own row; otherwise the two stay side by side
    (a combined or withheld individual row is never split up). Published counts are
    aggregate figures already, so they are not pooled by the small-group rule; the
    individual rows they join have passed it first, so nothing hidden is revealed.
    """
    if not counts:
        return disclosed
    by_role = {r.role: r for r in disclosed if not r.withheld and r.role}
    absorbed: set[str] = set()
    rows = []
    for count in sorted(counts, key=_count_order):
        row = RateRow(
            count.group_key,
            count.shown_label,
            count.invited,
            count.took_part,
            note=count.note,
            counted_invited=count.invited,
            counted_took_part=count.took_part,
            counted=True,
        )
        single = count.roles[0] if len(count.roles) == 1 else None
        if single and single != disclosure.COMBINED and single in by_role:
            individual = by_role.pop(single)
            absorbed.add(single)
            row.invited += individual.invited
            row.took_part += individual.took_part
        rows.append(row)
    left = [r for r in disclosed if r.withheld or r.role not in absorbed]
    return _sorted_rows(rows + left)


def _sorted_rows(rows: list[RateRow]) -> list[RateRow]:
    def key(row: RateRow):
        if row.withheld or row.role == disclosure.COMBINED:
            return (len(ROLE_ORDER) + 2, 0)
        if row.role == ROLE_NOT_RECORDED:
            return (len(ROLE_ORDER) + 1, 0)
        roles = row.role.split("+")
        return (min(ROLE_ORDER.get(r, 99) for r in roles), len(roles))

    return sorted(rows, key=key)


def response_rates(stages) -> dict[int, list[RateRow]]:
    """Invited, took part and response rate per group for each stage (2 queries).

    Individual invitations are counted by role, small groups combined or withheld
    by the disclosure rule; published counts (``InvitationCount``) are then added
    as their own groups, a single-role group taking in that role's individual
    invitations (``_rates_with_counts``)."""
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
    for rate_rows in result.values():
        rate_rows.sort(key=lambda r: ROLE_ORDER.get(r.role, 99))
    counts: dict[int, list[InvitationCount]] = defaultdict(list)
    for count in InvitationCount.objects.filter(stage__in=stages):
        counts[count.stage_id].append(count)
    return {
        stage_id: _rates_with_counts(
            _rates_disclosed(result[stage_id]) if stage_id in result else [],
            counts.get(stage_id, []),
        )
        for stage_id in set(result) | set(counts)
    }


def stage_totals(rate_rows: list[RateRow]) -> RateRow | None:
    """All groups together; none when the figures are withheld."""
    if not rate_rows or any(r.withheld for r in rate_rows):
        return None
    return RateRow(
        "",
        "All groups",
        sum(r.invited for r in rate_rows),
        sum(r.took_part for r in rate_rows),
        counted_invited=sum(r.counted_invited for r in rate_rows),
        counted_took_part=sum(r.counted_took_part for r in rate_rows),
    )


def stated_total_notes(stage: EvaluationStage, rate_rows: list[RateRow]) -> list[str]:
    """Plain sentences where the total the source states differs from its groups.

    The groups compared are the published counts when the stage has any, else all
    the rows (a source's total describes its own figures). Neither is chosen."""
    counted = [r for r in rate_rows if r.counted]
    compared = counted or [r for r in rate_rows if not r.withheld]
    notes = []
    for stated, attr, what in (
        (stage.stated_invited, "counted_invited" if counted else "invited", "invited"),
        (
            stage.stated_took_part,
            "counted_took_part" if counted else "took_part",
            "took part",
        ),
    ):
        if stated is None:
            continue
        added = sum(getattr(r, attr) for r in compared)
        if added != stated:
            notes.append(
                f"The source states {stated} {what}; the groups add up to {added}."
            )
    return notes


def programme_stages(programme: Programme) -> list[EvaluationStage]:
    return list(
        EvaluationStage.objects.filter(programme=programme).prefetch_related("themes")
    )


def stage_invitations(stage: EvaluationStage) -> QuerySet[Invitation]:
    return stage.invitations.select_related(
        "stakeholder__communication_needs"
    ).order_by("role_category", "stakeholder__display_name", "id")


def stage_invitations_named(
    stage: EvaluationStage, *, user, access
) -> tuple[list[Invitation], int]:
    """The stage's invitations this reader may see by name (those whose link they
    sent; all without a recorded sender for the programme's evaluators), and how
    many others there are, which they see only as counts (1 query)."""
    named, others = [], 0
    for invitation in stage_invitations(stage):
        if disclosure.names_visible(
            sent_by_id=invitation.link_sent_by_id,
            viewer_id=user.pk,
            manages=access.can_edit_evaluation,
        ):
            named.append(invitation)
        else:
            others += 1
    return named, others


@dataclass
class Reply:
    verdict: str
    group: str  # the role, or "" when fewer than the threshold replied in it
    comment: str


def _replied_by_role(stage_ids) -> dict[tuple[int, str], int]:
    return {
        (stage_id, role): n
        for stage_id, role, n in Invitation.objects.filter(
            stage_id__in=stage_ids, took_part=True
        )
        .values_list("stage_id", "role_category")
        .annotate(n=Count("id"))
        .order_by()
    }


def reply_group_label(review: ThemeReview, replied: dict) -> str:
    """A reply's role label, or "" when too few people in that role replied."""
    invitation = review.invitation
    return disclosure.comment_label(
        invitation.get_role_category_display(),
        replied.get((invitation.stage_id, invitation.role_category), 0),
    )


def replies_labelled(reviews: list[ThemeReview]) -> list[tuple[ThemeReview, str]]:
    """Replies with the group label each may carry (1 query)."""
    replied = _replied_by_role({r.invitation.stage_id for r in reviews})
    return [(review, reply_group_label(review, replied)) for review in reviews]


def stage_reviews(stage: EvaluationStage):
    """Replies per draft theme: (theme, [(verdict label, count)], [Reply]).

    Replies carry their role only when at least the disclosure threshold of people
    in that role replied; unlabelled ones come last, in text order (3 queries)."""
    reviews = list(
        ThemeReview.objects.filter(invitation__stage=stage)
        .select_related("invitation", "theme")
        .order_by("theme__position", "theme__name", "invitation__role_category")
    )
    by_theme: dict[int, list[Reply]] = defaultdict(list)
    counts: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    for review, group in replies_labelled(reviews):
        by_theme[review.theme_id].append(
            Reply(review.get_verdict_display(), group, review.comment)
        )
        counts[review.theme_id][review.verdict] += 1
    result = []
    for theme in stage.themes.all():
        replies = by_theme.get(theme.pk, [])
        replies.sort(key=lambda r: (not r.group, "" if r.group else r.comment))
        tally = [
            (label, counts[theme.pk].get(value, 0))
            for value, label in ReviewVerdict.choices
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
