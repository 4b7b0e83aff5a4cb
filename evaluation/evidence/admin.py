"""Admin for evaluation evidence: for support staff, not the everyday workflow."""

from django.contrib import admin

from evaluation.evidence import services
from evaluation.models import (
    ConsentRecord,
    ContributionClaim,
    Document,
    EvaluationStage,
    Factor,
    FactorGroup,
    FactorObservation,
    Invitation,
    OutcomeIndicator,
    Quote,
    Theme,
    ThemeReview,
    TheoryStatement,
    TheoryVersion,
)


class FactorInline(admin.TabularInline):
    model = Factor
    extra = 0


@admin.register(FactorGroup)
class FactorGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "position"]
    list_filter = ["programme"]
    inlines = [FactorInline]


@admin.register(FactorObservation)
class FactorObservationAdmin(admin.ModelAdmin):
    list_display = ["text", "project", "stage", "effect", "factor", "strength"]
    list_filter = ["stage", "effect", "strength"]
    list_select_related = ["project", "factor"]
    raw_id_fields = ["project", "factor", "recorded_by"]
    search_fields = ["text"]


class StatementInline(admin.StackedInline):
    model = TheoryStatement
    extra = 0


@admin.register(TheoryVersion)
class TheoryVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "number", "dated"]
    inlines = [StatementInline]


@admin.register(OutcomeIndicator)
class OutcomeIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "position"]


@admin.register(ContributionClaim)
class ContributionClaimAdmin(admin.ModelAdmin):
    list_display = ["project", "indicator", "status", "contribution"]
    list_select_related = ["project", "indicator"]
    raw_id_fields = ["project", "quotes", "documents"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "kind", "content_type", "size", "uploaded_at"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "observations", "uploaded_by"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "role_category", "consent", "source"]
    list_filter = ["consent", "source", "role_category"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "stakeholder", "document", "observations", "themes"]
    # Consent and redactions change on the quote's page, which also withdraws the
    # reports already made with these words.
    readonly_fields = ["consent", "redactions"]

    def delete_model(self, request, obj):
        services.quote_delete(quote=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for quote in queryset:
            services.quote_delete(quote=quote, user=request.user)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "programme", "position"]
    raw_id_fields = ["parent"]


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["stakeholder"]
    readonly_fields = ["link_expires_at", "link_revoked_at", "responded_at"]


@admin.register(EvaluationStage)
class EvaluationStageAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "kind", "starts_on", "ends_on"]
    inlines = [InvitationInline]


@admin.register(ThemeReview)
class ThemeReviewAdmin(admin.ModelAdmin):
    list_display = ["theme", "verdict", "invitation"]
    raw_id_fields = ["invitation", "theme"]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """Read only: consent is recorded on the programme's Consent page, which makes
    the person's quotes and the reports already made follow it."""

    list_display = ["stakeholder", "role_category", "consent", "recorded_on"]
    raw_id_fields = ["stakeholder"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
