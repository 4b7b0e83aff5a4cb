"""Admin for matrix scoring. Link tokens are never shown: only their hashes exist."""

from django.contrib import admin

from evaluation.models import (
    DimensionScore,
    Framework,
    FrameworkVersion,
    MatrixDimension,
    MatrixLevel,
    RoundInvitation,
    RoundResponse,
    RoundStatusChange,
    ScoringRound,
)


class FrameworkVersionInline(admin.TabularInline):
    model = FrameworkVersion
    extra = 0
    fields = ["number", "change_note", "created_by", "created_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "source_key", "created_at"]
    list_filter = ["programme"]
    search_fields = ["name"]
    inlines = [FrameworkVersionInline]


class MatrixLevelInline(admin.TabularInline):
    model = MatrixLevel
    extra = 0


class MatrixDimensionInline(admin.TabularInline):
    model = MatrixDimension
    extra = 0
    fields = ["position", "name", "target"]


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "created_at"]
    list_filter = ["framework__programme"]
    inlines = [MatrixLevelInline, MatrixDimensionInline]


class RoundInvitationInline(admin.TabularInline):
    model = RoundInvitation
    extra = 0
    fields = ["label", "role_category", "expires_at", "revoked_at", "emailed_at"]
    readonly_fields = ["emailed_at"]


class RoundStatusChangeInline(admin.TabularInline):
    """The round's close and reopen history: a record, so it cannot be edited."""

    model = RoundStatusChange
    extra = 0
    fields = ["action", "at", "changed_by", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ScoringRound)
class ScoringRoundAdmin(admin.ModelAdmin):
    list_display = ["project", "number", "held_on", "stage", "status"]
    list_filter = ["status", "stage"]
    search_fields = ["project__title"]
    inlines = [RoundStatusChangeInline, RoundInvitationInline]
    # Closing and reopening go through the round page, which keeps the history and
    # changes the cached figures' key; the admin only shows them.
    readonly_fields = [
        "status",
        "closed_at",
        "closed_by",
        "reopened_at",
    ]


class DimensionScoreInline(admin.TabularInline):
    model = DimensionScore
    extra = 0


@admin.register(RoundResponse)
class RoundResponseAdmin(admin.ModelAdmin):
    list_display = ["round", "role_category", "submitted_at"]
    list_filter = ["role_category"]
    raw_id_fields = ["invitation", "user", "stakeholder"]
    inlines = [DimensionScoreInline]
