from django.contrib import admin

from logicmodels.models import (
    GuidingQuestions,
    LogicItem,
    LogicLink,
    LogicModel,
    LogicModelVersion,
)


class LogicItemInline(admin.TabularInline):
    model = LogicItem
    extra = 0
    fields = ["section", "position", "text", "anticipation", "effect"]


@admin.register(LogicModel)
class LogicModelAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["project"]
    search_fields = ["project__title"]


@admin.register(LogicModelVersion)
class LogicModelVersionAdmin(admin.ModelAdmin):
    list_display = ["logic_model", "number", "status", "agreed_by", "agreed_at"]
    list_filter = ["status", "logic_model__kind"]
    list_select_related = ["logic_model__project", "agreed_by"]
    raw_id_fields = [
        "logic_model",
        "copied_from",
        "created_by",
        "updated_by",
        "agreed_by",
    ]
    inlines = [LogicItemInline]


@admin.register(LogicLink)
class LogicLinkAdmin(admin.ModelAdmin):
    list_display = ["version", "source", "target"]
    raw_id_fields = ["version", "source", "target"]


@admin.register(GuidingQuestions)
class GuidingQuestionsAdmin(admin.ModelAdmin):
    list_display = ["programme", "section", "updated_at"]
    list_filter = ["programme"]
