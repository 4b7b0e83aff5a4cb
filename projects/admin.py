from django.contrib import admin

from projects import models


class ProjectMembershipInline(admin.TabularInline):
    model = models.ProjectMembership
    extra = 0
    autocomplete_fields = ["user"]


class ProgrammeMembershipInline(admin.TabularInline):
    model = models.ProgrammeMembership
    extra = 0
    autocomplete_fields = ["user"]


class BriefRevisionInline(admin.TabularInline):
    model = models.BriefRevision
    extra = 0
    readonly_fields = ["number", "text", "reason", "author", "created_at"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "lead_organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProgrammeMembershipInline]


@admin.register(models.Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "status", "cycle_part"]
    list_filter = ["programme", "status"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners"]
    inlines = [ProjectMembershipInline, BriefRevisionInline]


@admin.register(models.Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["display_name", "role_category", "programme", "organisation"]
    list_filter = ["programme", "role_category"]
    search_fields = ["display_name"]


admin.site.register(models.SeldomHeardGroup)
admin.site.register(models.ProjectComment)
admin.site.site_header = "Coproduce administration"


class AttendanceInline(admin.TabularInline):
    model = models.Attendance
    extra = 0
    autocomplete_fields = ["stakeholder"]


class HeadcountInline(admin.TabularInline):
    model = models.Headcount
    extra = 0


@admin.register(models.Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "held_on", "kind", "stage", "co_constructed"]
    list_filter = ["kind", "stage", "co_constructed", "project__programme"]
    search_fields = ["title", "project__title"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline, HeadcountInline]


@admin.register(models.StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    list_display = ["project", "happened_on", "kind", "from_stage", "to_stage"]
    list_filter = ["kind", "to_stage"]
    search_fields = ["project__title"]


@admin.register(models.StagePlan)
class StagePlanAdmin(admin.ModelAdmin):
    list_display = ["project", "stage", "updated_at"]
    list_filter = ["stage"]
    search_fields = ["project__title"]
