"""Who may see and change what. Every view asks here; nothing re-derives membership.

Outsiders get ``Http404`` (a project's existence is never revealed); members whose role
does not allow the action get ``PermissionDenied``.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from projects.models import (
    AccessRole,
    Invitation,
    Programme,
    ProgrammeMembership,
    Project,
    ProjectMembership,
    Stakeholder,
)

# Stronger roles first; a user with two memberships acts with the stronger one.
ROLE_ORDER = [
    AccessRole.FACILITATOR,
    AccessRole.EVALUATOR,
    AccessRole.COMMISSIONER,
    AccessRole.VIEWER,
]


@dataclass(frozen=True)
class Access:
    """What one user may do on one project or programme."""

    role: str | None
    is_superuser: bool = False

    @property
    def can_edit(self) -> bool:
        return self.is_superuser or self.role == AccessRole.FACILITATOR

    @property
    def can_comment(self) -> bool:
        return self.is_superuser or self.role in {
            AccessRole.FACILITATOR,
            AccessRole.COMMISSIONER,
            AccessRole.EVALUATOR,
        }

    @property
    def can_edit_evaluation(self) -> bool:
        return self.is_superuser or self.role in {
            AccessRole.FACILITATOR,
            AccessRole.EVALUATOR,
        }

    @property
    def role_label(self) -> str:
        if self.role:
            return AccessRole(self.role).label.split(" (")[0]
        return "Administrator" if self.is_superuser else ""


def _strongest(roles) -> str | None:
    roles = set(roles)
    for role in ROLE_ORDER:
        if role in roles:
            return role
    return None


def _evaluator_programme_ids(user):
    """An evaluator on any project reads the whole programme."""
    return ProjectMembership.objects.filter(
        user=user, role=AccessRole.EVALUATOR
    ).values("project__programme_id")


def projects_visible_to(user) -> QuerySet[Project]:
    """Projects the user may read."""
    if not user.is_authenticated:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    programme_ids = ProgrammeMembership.objects.filter(user=user).values("programme_id")
    project_ids = ProjectMembership.objects.filter(user=user).values("project_id")
    return Project.objects.filter(
        Q(programme_id__in=programme_ids)
        | Q(programme_id__in=_evaluator_programme_ids(user))
        | Q(id__in=project_ids)
    )


def programmes_visible_to(user) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    # Subqueries rather than joins: a join through every project of the programme
    # (then DISTINCT) grew with the programme's size.
    return Programme.objects.filter(
        Q(pk__in=ProgrammeMembership.objects.filter(user=user).values("programme_id"))
        | Q(
            pk__in=ProjectMembership.objects.filter(user=user).values(
                "project__programme_id"
            )
        )
    )


def project_access(user, project: Project) -> Access:
    """The user's effective role on the project (None when they have none)."""
    if not user.is_authenticated:
        return Access(role=None)
    roles = list(
        ProgrammeMembership.objects.filter(
            user=user, programme_id=project.programme_id
        ).values_list("role", flat=True)
    )
    roles += ProjectMembership.objects.filter(user=user, project=project).values_list(
        "role", flat=True
    )
    if ProjectMembership.objects.filter(
        user=user,
        role=AccessRole.EVALUATOR,
        project__programme_id=project.programme_id,
    ).exists():
        roles.append(AccessRole.EVALUATOR)
    return Access(role=_strongest(roles), is_superuser=user.is_superuser)


def programme_access(user, programme: Programme) -> Access:
    """The user's role on the programme as a whole (project-only members get None)."""
    if not user.is_authenticated:
        return Access(role=None)
    roles = ProgrammeMembership.objects.filter(
        user=user, programme=programme
    ).values_list("role", flat=True)
    return Access(role=_strongest(roles), is_superuser=user.is_superuser)


def _check(access: Access, *, write: bool, evaluation: bool = False) -> None:
    if evaluation and not access.can_edit_evaluation:
        raise PermissionDenied("Your role on this project is read-only.")
    if write and not access.can_edit:
        raise PermissionDenied("Only facilitators can change this project.")


def get_project_for_user(
    user, slug: str, *, write: bool = False, evaluation: bool = False
) -> tuple[Project, Access]:
    """The project and the user's access, or 404 for outsiders, 403 for read-only."""
    project = (
        projects_visible_to(user).select_related("programme").filter(slug=slug).first()
    )
    if project is None:
        raise Http404("No such project.")
    access = project_access(user, project)
    _check(access, write=write, evaluation=evaluation)
    return project, access


def get_programme_for_user(
    user, slug: str, *, write: bool = False
) -> tuple[Programme, Access]:
    programme = (
        programmes_visible_to(user)
        .select_related("lead_organisation")
        .filter(slug=slug)
        .first()
    )
    if programme is None:
        raise Http404("No such programme.")
    access = programme_access(user, programme)
    _check(access, write=write)
    return programme, access


def stakeholders_visible_to(user) -> QuerySet[Stakeholder]:
    """Programme members see the programme's people; project members those on their
    projects."""
    if not user.is_authenticated:
        return Stakeholder.objects.none()
    if user.is_superuser:
        return Stakeholder.objects.all()
    programme_ids = ProgrammeMembership.objects.filter(user=user).values("programme_id")
    return Stakeholder.objects.filter(
        Q(programme_id__in=programme_ids)
        | Q(programme_id__in=_evaluator_programme_ids(user))
        | Q(involvements__project__in=projects_visible_to(user))
    ).distinct()


def get_stakeholder_for_user(user, pk: int, *, write: bool = False) -> Stakeholder:
    """A stakeholder the user can see; write needs facilitator rights on the programme
    or on a project the person is involved in."""
    stakeholder = (
        stakeholders_visible_to(user)
        .select_related("programme", "organisation")
        .filter(pk=pk)
        .first()
    )
    if stakeholder is None:
        raise Http404("No such person.")
    if write and not can_edit_stakeholder(user, stakeholder):
        raise PermissionDenied("Only facilitators can change people's details.")
    return stakeholder


def can_edit_stakeholder(user, stakeholder: Stakeholder) -> bool:
    if user.is_superuser:
        return True
    if ProgrammeMembership.objects.filter(
        user=user, programme_id=stakeholder.programme_id, role=AccessRole.FACILITATOR
    ).exists():
        return True
    return ProjectMembership.objects.filter(
        user=user,
        role=AccessRole.FACILITATOR,
        project__involvements__stakeholder=stakeholder,
    ).exists()


def can_manage_personal_data(user, programme: Programme) -> bool:
    """Who may download everything held about a person, erase them, or set the
    programme's retention: its programme-wide facilitators and evaluators, and
    administrators (``evaluation.privacy.access`` asks here)."""
    return programme_access(user, programme).can_edit_evaluation


def can_start_programme(user) -> bool:
    """Administrators and people given "May create programmes" (a permission on
    Programme, granted in admin) start programmes from the app; the person who
    starts one becomes its facilitator."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_perm("projects.create_programme")


def get_programme_roster_for_user(
    user, slug: str, *, write: bool = False
) -> tuple[Programme, Access]:
    """The programme for its members page. Only people with a programme-wide role
    (and administrators) see the whole programme's member list; someone with a role
    on one project gets ``PermissionDenied`` and sees their project's list instead."""
    programme, access = get_programme_for_user(user, slug, write=write)
    if not (access.role or access.is_superuser):
        raise PermissionDenied(
            "Only programme members can see who is on the programme."
        )
    return programme, access


def can_invite(access: Access) -> bool:
    """Facilitators (of the programme, or of the project for a project invitation)
    and administrators send invitations; other roles cannot."""
    return access.can_edit


def get_invitation_for_user(user, pk: int) -> Invitation:
    """An invitation that the user may withdraw: facilitators of its programme, or
    of its project for a project invitation. Outsiders get ``Http404``; members of
    the programme without that right get ``PermissionDenied``."""
    invitation = (
        Invitation.objects.select_related("programme", "project")
        .filter(pk=pk, programme__in=programmes_visible_to(user))
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation.")
    if invitation.project_id:
        access = project_access(user, invitation.project)
    else:
        access = programme_access(user, invitation.programme)
    if not can_invite(access):
        raise PermissionDenied("Only facilitators can withdraw invitations.")
    return invitation


def can_add_organisation(user) -> bool:
    """Facilitators anywhere (and administrators) may add partner organisations."""
    if user.is_superuser:
        return True
    return (
        ProgrammeMembership.objects.filter(
            user=user, role=AccessRole.FACILITATOR
        ).exists()
        or ProjectMembership.objects.filter(
            user=user, role=AccessRole.FACILITATOR
        ).exists()
    )


def can_create_project(user, programme: Programme) -> bool:
    return programme_access(user, programme).can_edit


def programmes_user_can_add_projects_to(user) -> QuerySet[Programme]:
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(
        memberships__user=user, memberships__role=AccessRole.FACILITATOR
    )


def get_new_project_programme_for_user(user, slug: str | None) -> Programme | None:
    """The programme a new project goes into: the one named by ``slug`` if the user
    may add projects there, else their only such programme, else None (they choose).
    ``PermissionDenied`` when they may add projects nowhere."""
    allowed = programmes_user_can_add_projects_to(user)
    programme = allowed.filter(slug=slug).first() if slug else None
    if programme is None:
        if not allowed.exists():
            raise PermissionDenied("Only programme facilitators can add projects.")
        if allowed.count() == 1:
            programme = allowed.get()
    return programme


def programme_level_ids(user) -> list[int]:
    """Programmes where the user has a programme-wide role (not only single
    projects): their programme-level panels (member checking, programme reports)
    are shown only there. One query per visible programme (a handful), not per
    project."""
    return [
        programme.pk
        for programme in programmes_visible_to(user)
        if programme_access(user, programme).role or user.is_superuser
    ]
