"""Forms for evaluation evidence: quotes, documents, themes, evaluation stages, member
checking and consent. Choices are always limited to the programme or project in hand;
the services check the same again."""

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from coproduce.dates import day_or_month_text
from coproduce.forms import DayOrMonthField, EditVersionMixin, PositionField
from coproduce.text import TEXT_LIMIT
from evaluation.evidence.services import redaction_lines, redactions_from_lines
from evaluation.evidence.uploads import (
    ALLOWED_EXTENSIONS,
    check_upload,
    max_upload_bytes,
)
from evaluation.models import (
    ROLE_NOT_RECORDED,
    ConsentRecord,
    Document,
    EvaluationStage,
    FactorObservation,
    InvitationCount,
    Quote,
    ReviewVerdict,
    Theme,
)
from projects.models import (
    Programme,
    Project,
    RoleCategory,
    Stakeholder,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuoteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"“{obj.shown_text()[:90]}” ({obj.get_role_category_display()})"


class ObservationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        sign = "+" if obj.effect == "enabler" else "−"
        return f"{obj.get_stage_display()} {sign} {obj.text[:80]}"


def _theme_label(theme):
    return f"{theme.parent.name} / {theme.name}" if theme.parent_id else theme.name


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _theme_label(obj)


def _themes(programme):
    """Themes in tree order (each sub-theme straight after its theme)."""
    return (
        Theme.objects.filter(programme=programme)
        .select_related("parent")
        .order_by(
            Coalesce("parent__position", "position"),
            Coalesce("parent__name", "name"),
            F("parent").asc(nulls_first=True),
            "position",
            "name",
        )
    )


class QuoteForm(EditVersionMixin, forms.ModelForm):
    redactions = forms.CharField(
        label="Words to hide",
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "One per line: the words to hide, then =>, then what to show instead. "
            "For example: Open Door Arts => name of organisation. Shown as "
            "[name of organisation] everywhere the quote appears or is exported."
        ),
    )
    themes = ThemeChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Themes (coding)",
    )
    observations = ObservationChoiceField(
        queryset=FactorObservation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Enablers and barriers this quote is evidence for",
    )

    class Meta:
        model = Quote
        fields = [
            "text",
            "source",
            "said_on",
            "role_category",
            "stakeholder",
            "consent",
            "document",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
            "said_on": DATE_WIDGET,
        }
        help_texts = {
            "role_category": "Quotes are shown with the role only, never the name.",
            "stakeholder": "Optional. Kept for consent checks; never shown with the "
            "quote.",
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_category"].required = False
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(
            programme_id=project.programme_id
        )
        self.fields["document"].queryset = Document.objects.filter(project=project)
        self.fields["themes"].queryset = _themes(project.programme_id)
        self.fields["observations"].queryset = FactorObservation.objects.filter(
            project=project
        )
        if self.instance.pk and not self.is_bound:
            self.initial["redactions"] = redaction_lines(self.instance)
            self.initial["themes"] = list(
                self.instance.themes.values_list("pk", flat=True)
            )
            self.initial["observations"] = list(
                self.instance.observations.values_list("pk", flat=True)
            )

    def clean(self):
        data = super().clean()
        if not data.get("role_category"):
            if data.get("stakeholder"):
                data["role_category"] = data["stakeholder"].role_category
            else:
                self.add_error("role_category", "Choose the speaker's role.")
        text = data.get("text")
        if text:
            try:
                redactions_from_lines(text, data.get("redactions", ""))
            except forms.ValidationError as error:
                for messages in error.message_dict.values():
                    self.add_error("redactions", messages)
        return data


class DocumentForm(forms.ModelForm):
    file = forms.FileField(
        help_text=(
            f"Allowed: {', '.join(ALLOWED_EXTENSIONS)}. Up to "
            f"{max_upload_bytes() // (1024 * 1024)} MB."
        )
    )

    class Meta:
        model = Document
        fields = ["title", "kind", "description", "file"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_upload(uploaded)
        return uploaded


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = [
            "name",
            "parent",
            "description",
            "position",
            # For the member-checking page (empty: shown in English with a note).
            "name_cy",
            "description_cy",
            "name_easy",
            "description_easy",
        ]
        field_classes = {"position": PositionField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "name_cy": forms.TextInput(attrs={"lang": "cy"}),
            "description_cy": forms.Textarea(attrs={"rows": 3, "lang": "cy"}),
            "description_easy": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Theme.objects.filter(programme=programme)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "None: this is a top-level theme"


# The most people a published count may give for one group or stage.
COUNT_MAX = 1_000_000


def count_field(label: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=COUNT_MAX, **kwargs)


class StageForm(forms.ModelForm):
    stated_invited = count_field(
        "Total invited, as the source states it",
        required=False,
        help_text="Only when a published source gives a total for the stage. If "
        "its groups add up to something else, the page says so.",
    )
    stated_took_part = count_field(
        "Total who took part, as the source states it", required=False
    )
    themes = ThemeChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Draft themes to review",
        help_text="Member checking only: the themes respondents are asked to review.",
    )

    class Meta:
        model = EvaluationStage
        fields = [
            "name",
            "kind",
            "position",
            "starts_on",
            "ends_on",
            "stated_invited",
            "stated_took_part",
        ]
        field_classes = {"position": PositionField}
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _themes(programme)
        if self.instance.pk and not self.is_bound:
            self.initial["themes"] = list(
                self.instance.themes.values_list("pk", flat=True)
            )


GROUP_CHOICES = [
    *RoleCategory.choices,
    (ROLE_NOT_RECORDED, "Role not recorded"),
]


class InvitationCountForm(EditVersionMixin, forms.Form):
    """One group's published figures for a stage: invited and took part."""

    roles = forms.MultipleChoiceField(
        label="Who is in this group",
        choices=GROUP_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick one role, several for a combined group (for example arts "
        "managers and artists counted together), or 'Role not recorded' when the "
        "source does not say.",
    )
    label = forms.CharField(
        label="Group name (optional)",
        max_length=160,
        required=False,
        help_text="As the source words it, for example 'Arts managers / artists'.",
    )
    invited = count_field("Invited")
    took_part = count_field("Took part")
    counted_on = DayOrMonthField(label="Date (optional)", required=False)
    note = forms.CharField(
        label="Note (optional)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where the figures come from, or anything a reader should know.",
    )

    def __init__(self, *args, instance: InvitationCount | None = None, **kwargs):
        if instance is not None and not kwargs.get("initial"):
            kwargs["initial"] = {
                "roles": instance.roles or [ROLE_NOT_RECORDED],
                "label": instance.label,
                "invited": instance.invited,
                "took_part": instance.took_part,
                "counted_on": day_or_month_text(
                    instance.counted_on, instance.counted_on_precision
                ),
                "note": instance.note,
                "edit_version": instance.edit_version,
            }
        super().__init__(*args, **kwargs)

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        if ROLE_NOT_RECORDED in roles and len(roles) > 1:
            raise forms.ValidationError(
                "Choose 'Role not recorded' on its own, or the roles in the group."
            )
        return [r for r in roles if r != ROLE_NOT_RECORDED]

    def service_data(self) -> dict:
        """The cleaned values in the shape the services take."""
        data = dict(self.cleaned_data)
        data.pop("edit_version", None)
        when = data.pop("counted_on")
        data["counted_on"], data["counted_on_precision"] = when or (None, "day")
        return data


class InvitationForm(forms.Form):
    stakeholder = forms.ModelChoiceField(
        queryset=Stakeholder.objects.none(),
        required=False,
        label="Person",
        empty_label="Not named (count by role only)",
    )
    role_category = forms.ChoiceField(
        label="Role",
        choices=[("", "Same as the person's role")] + list(RoleCategory.choices),
        required=False,
    )
    number = forms.IntegerField(
        label="How many people (when not named)",
        min_value=1,
        max_value=200,
        initial=1,
    )
    took_part = forms.BooleanField(label="They took part", required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(
            programme=programme
        )

    def clean(self):
        data = super().clean()
        if not data.get("stakeholder") and not data.get("role_category"):
            self.add_error("role_category", "Choose a person or a role.")
        return data


class ConsentForm(forms.ModelForm):
    class Meta:
        model = ConsentRecord
        fields = [
            "stakeholder",
            "role_category",
            "consent",
            "recorded_on",
            "how",
            "note",
        ]
        widgets = {
            "recorded_on": DATE_WIDGET,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(
            programme=programme
        )
        self.fields["role_category"].required = False
        self.fields["role_category"].help_text = "Filled from the person if left empty."


class ThemeReviewForm(forms.Form):
    """One draft theme on the member-checking page: a verdict and a comment."""

    verdict = forms.ChoiceField(
        label=_("What do you think?"),
        choices=ReviewVerdict.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        required=False,
        error_messages={
            "required": _("Choose an answer. “Not sure” is a fine answer."),
            "invalid_choice": _("Choose one of the answers shown."),
        },
    )
    comment = forms.CharField(
        label=_("Your comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Keep your comment under 2,000 characters."),
        },
    )

    def __init__(self, *args, verdict_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        # The easy-read steps ask one question a screen, so each needs an answer.
        self.fields["verdict"].required = verdict_required


class GeneralCommentForm(forms.Form):
    general_comment = forms.CharField(
        label=_("Anything else you would like to tell us? (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Keep what you write under 4,000 characters."),
        },
    )
