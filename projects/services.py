"""Writes to projects, briefs, stakeholders and memberships."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.concurrency import version_check, versioned_update
from projects.models import (
    AccessRole,
    BriefRevision,
    MembershipChange,
    MembershipChangeKind,
    Organisation,
    Programme,
    ProgrammeMembership,
    Project,
    ProjectComment,
    ProjectMembership,
    ProjectSlugRedirect,
    ProjectStakeholder,
    ProjectStatus,
    StageTransition,
    Stakeholder,
    TransitionKind,
)

# Steps the apps above this one add (in their AppConfig.ready) to set up a new
# programme, each called as step(programme=...): evaluation gives it the default
# outcome indicators.
PROGRAMME_START_STEPS: list = []


@transaction.atomic
def programme_create(*, data: dict, creator=None) -> Programme:
    """Start a programme from the programme form's cleaned data. The person who
    starts it (when given) becomes its facilitator, so they can invite the team."""
    programme = Programme.objects.create(**data)
    if creator is not None:
        membership_grant(
            programme=programme, user=creator, role=AccessRole.FACILITATOR, by=creator
        )
    for step in PROGRAMME_START_STEPS:
        step(programme=programme)
    return programme


PROGRAMME_SETTINGS_FIELDS = ["name", "description", "lead_organisation", "require_mfa"]


def programme_settings_update(
    *, programme: Programme, data: dict, seen_version: int | None
) -> None:
    """Save a programme's settings unless someone else saved the programme since the
    form was opened (``EditConflict``)."""
    versioned_update(
        programme,
        seen_version=seen_version,
        **{f: data[f] for f in PROGRAMME_SETTINGS_FIELDS},
    )


def organisation_create(*, data: dict) -> Organisation:
    """Add a partner organisation from the organisation form's cleaned data."""
    return Organisation.objects.create(**data)


PROJECT_FIELDS = [
    "title",
    "slug",
    "status",
    "status_reason",
    "start_date",
    "target_end_date",
    "cycle_part",
    "involvement_aim",
]


def slug_from_title(title: str) -> str:
    """A web address made from the title ("Young People's Housing" becomes
    "young-peoples-housing"), not used by any project now or before."""
    base = slugify(title.replace("'", "").replace("’", ""))[:72].strip("-")
    base = base or "project"
    taken = set(
        Project.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    ) | set(
        ProjectSlugRedirect.objects.filter(old_slug__startswith=base).values_list(
            "old_slug", flat=True
        )
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _slug_claim(slug: str) -> None:
    """A slug now in use is nobody's old address any more."""
    ProjectSlugRedirect.objects.filter(old_slug=slug).delete()


@transaction.atomic
def project_create(*, programme: Programme, author, data: dict, partners) -> Project:
    """Create a project and record its design brief as version 1. An empty slug is
    made from the title."""
    if not data.get("slug"):
        data = {**data, "slug": slug_from_title(data["title"])}
    _slug_claim(data["slug"])
    project = Project.objects.create(
        programme=programme, brief=data["brief"], **{f: data[f] for f in PROJECT_FIELDS}
    )
    project.partners.set(partners)
    BriefRevision.objects.create(
        project=project,
        number=1,
        text=data["brief"],
        reason="Original brief",
        author=author,
    )
    return project


@transaction.atomic
def project_update(
    *, project: Project, data: dict, partners, seen_version: int, author=None
) -> None:
    """Save the project's details unless it changed since the form was opened.

    Pausing or discontinuing here is also recorded as a stop in the stage history,
    so the timeline and reports show it as if it had been made from the stage pages.
    """
    old_status, old_slug = (
        Project.objects.select_for_update()
        .filter(pk=project.pk)
        .values_list("status", "slug")
        .first()
    )
    if not data.get("slug"):
        data = {**data, "slug": old_slug}
    versioned_update(
        project, seen_version=seen_version, **{f: data[f] for f in PROJECT_FIELDS}
    )
    if data["slug"] != old_slug:
        # The old address keeps working: its pages redirect to the new one.
        _slug_claim(data["slug"])
        ProjectSlugRedirect.objects.update_or_create(
            old_slug=old_slug, defaults={"project": project}
        )
    project.partners.set(partners)
    stopped = {ProjectStatus.PAUSED, ProjectStatus.DISCONTINUED}
    if data["status"] in stopped and data["status"] != old_status:
        current = Project.objects.values_list("current_stage", flat=True).get(
            pk=project.pk
        )
        StageTransition.objects.create(
            project_id=project.pk,
            from_stage=current,
            to_stage=current,
            kind=TransitionKind.STOP,
            status=data["status"],
            happened_on=timezone.localdate(),
            rationale=data["status_reason"] or "Status changed on the details form.",
            recorded_by=author,
        )


@transaction.atomic
def brief_revise(
    *, project: Project, text: str, reason: str, author, seen_version: int
) -> BriefRevision:
    """Keep the old brief and make ``text`` the current one, unless the project was
    saved since the form was opened at ``seen_version`` (then ``EditConflict``)."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    version_check(locked, seen_version)
    if text.strip() == locked.brief.strip():
        raise ValidationError({"text": "The new brief is the same as the current one."})
    last = locked.briefs.order_by("-number").values_list("number", flat=True).first()
    revision = BriefRevision.objects.create(
        project=locked, number=(last or 0) + 1, text=text, reason=reason, author=author
    )
    versioned_update(locked, seen_version=locked.edit_version, brief=text)
    return revision


@transaction.atomic
def stakeholder_create(
    *, programme: Programme, data: dict, groups, project: Project | None = None
) -> Stakeholder:
    stakeholder = Stakeholder.objects.create(programme=programme, **data)
    stakeholder.seldom_heard_groups.set(groups)
    if project is not None:
        ProjectStakeholder.objects.create(
            project=project, stakeholder=stakeholder, joined_on=project.start_date
        )
    return stakeholder


@transaction.atomic
def stakeholders_create(
    *, programme: Programme, rows: list[dict], project: Project | None = None
) -> list[Stakeholder]:
    """Add many people at once (a spreadsheet import): for each of ``rows``, what
    ``stakeholder_create`` does with no seldom-heard groups, in a few statements."""
    people = Stakeholder.objects.bulk_create(
        [Stakeholder(programme=programme, **data) for data in rows], batch_size=500
    )
    if project is not None:
        ProjectStakeholder.objects.bulk_create(
            [
                ProjectStakeholder(
                    project=project, stakeholder=person, joined_on=project.start_date
                )
                for person in people
            ],
            batch_size=500,
        )
    return people


@transaction.atomic
def stakeholder_update(
    *, stakeholder: Stakeholder, data: dict, groups, seen_version: int
) -> None:
    versioned_update(stakeholder, seen_version=seen_version, **data)
    stakeholder.seldom_heard_groups.set(groups)


def stakeholder_contributions(stakeholder: Stakeholder) -> list[tuple[str, int]]:
    """Records elsewhere that name this person (attendance, quotes, scores...).

    Found through the model graph so each new app's links are counted without changes
    here; those links use SET_NULL and keep the role, so deleting the person keeps
    what they contributed, attributed to their role.
    """
    counts = []
    for rel in stakeholder._meta.related_objects:
        # Links that cannot be empty (their communication needs) belong to the
        # person and go with them.
        if rel.related_model is ProjectStakeholder or rel.many_to_many:
            continue
        if not rel.field.null:
            continue
        count = rel.related_model._default_manager.filter(
            **{rel.field.name: stakeholder}
        ).count()
        if count:
            counts.append((str(rel.related_model._meta.verbose_name_plural), count))
    return counts


@transaction.atomic
def stakeholder_delete(*, stakeholder: Stakeholder) -> None:
    """Delete a person's details. Their contributions stay, attributed to their role."""
    for rel in stakeholder._meta.related_objects:
        if rel.related_model is ProjectStakeholder or rel.many_to_many:
            continue
        if not rel.field.null:  # belongs to the person: deleted with them
            continue
        field_names = {f.name for f in rel.related_model._meta.fields}
        updates = {rel.field.name: None}
        if "role_category" in field_names:
            updates["role_category"] = stakeholder.role_category
        rel.related_model._default_manager.filter(
            **{rel.field.name: stakeholder}
        ).update(**updates)
    stakeholder.delete()


def stakeholder_attach(
    *, project: Project, stakeholder: Stakeholder, joined_on=None
) -> ProjectStakeholder:
    if stakeholder.programme_id != project.programme_id:
        raise ValidationError("That person belongs to another programme.")
    involvement, created = ProjectStakeholder.objects.get_or_create(
        project=project, stakeholder=stakeholder, defaults={"joined_on": joined_on}
    )
    if not created:
        raise ValidationError(f"{stakeholder} is already on this project.")
    return involvement


def involvement_update(*, involvement: ProjectStakeholder, joined_on, left_on) -> None:
    if joined_on and left_on and left_on < joined_on:
        raise ValidationError(
            {"left_on": "The leaving date is before the joining date."}
        )
    involvement.joined_on = joined_on
    involvement.left_on = left_on
    involvement.save(update_fields=["joined_on", "left_on"])


def involvement_remove(*, involvement: ProjectStakeholder) -> None:
    """Take a person off a project (their details stay in the programme)."""
    involvement.delete()


def _user_by_login(login: str):
    User = get_user_model()
    user = (
        User.objects.filter(username__iexact=login).first()
        or User.objects.filter(email__iexact=login).first()
    )
    if user is None:
        raise ValidationError(
            {"login": "No account has that username or email address."}
        )
    return user


def membership_grant(
    *,
    programme: Programme,
    user,
    role: str,
    by,
    project: Project | None = None,
    kind: str = MembershipChangeKind.ADDED,
) -> ProjectMembership | ProgrammeMembership:
    """Give ``user`` the role on the programme (or on one of its projects), or change
    the role they have, and record who did it."""
    if project is not None:
        model, scope = ProjectMembership, {"project": project}
    else:
        model, scope = ProgrammeMembership, {"programme": programme}
    with transaction.atomic():
        membership = (
            model.objects.select_for_update().filter(user=user, **scope).first()
        )
        previous = membership.role if membership else ""
        if membership is None:
            membership = model.objects.create(user=user, role=role, **scope)
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        if previous and kind == MembershipChangeKind.ADDED:
            kind = MembershipChangeKind.ROLE_CHANGED
        if previous != role or kind == MembershipChangeKind.ACCEPTED:
            MembershipChange.objects.create(
                programme=programme,
                project=project,
                kind=kind,
                member=user,
                email=user.email,
                role=role,
                previous_role=previous,
                changed_by=by,
            )
    return membership


def project_member_set(
    *, project: Project, login: str, role: str, by=None
) -> ProjectMembership:
    return membership_grant(
        programme=project.programme,
        project=project,
        user=_user_by_login(login),
        role=role,
        by=by,
    )


def programme_member_set(
    *, programme: Programme, login: str, role: str, by=None
) -> ProgrammeMembership:
    return membership_grant(
        programme=programme, user=_user_by_login(login), role=role, by=by
    )


def membership_role_change(
    *, membership: ProjectMembership | ProgrammeMembership, role: str, by
) -> ProjectMembership | ProgrammeMembership:
    """Change one member's role from the members page (recorded)."""
    project = getattr(membership, "project", None)
    return membership_grant(
        programme=project.programme if project else membership.programme,
        project=project,
        user=membership.user,
        role=role,
        by=by,
    )


@transaction.atomic
def membership_remove(
    *, membership: ProjectMembership | ProgrammeMembership, by=None
) -> None:
    """Withdraw one person's access to a project or a programme (recorded)."""
    project = getattr(membership, "project", None)
    MembershipChange.objects.create(
        programme=project.programme if project else membership.programme,
        project=project,
        kind=MembershipChangeKind.REMOVED,
        member=membership.user,
        email=membership.user.email,
        previous_role=membership.role,
        changed_by=by,
    )
    membership.delete()


def comment_add(*, project: Project, author, body: str) -> ProjectComment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write a comment before sending it."})
    return ProjectComment.objects.create(project=project, author=author, body=body)
