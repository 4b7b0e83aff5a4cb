"""The commissioner dashboard's filters."""

from django import forms

from evaluation.dashboards.selectors import NOT_STARTED
from projects.models import DiamondStage, OrganisationKind, ProjectStatus


class DashboardFilterForm(forms.Form):
    partner_kind = forms.ChoiceField(
        label="Partner organisation",
        required=False,
        choices=[("", "Any kind of partner"), *OrganisationKind.choices],
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *ProjectStatus.choices],
    )
    stage = forms.ChoiceField(
        label="Double Diamond stage",
        required=False,
        choices=[
            ("", "Any stage"),
            (NOT_STARTED, "Not started"),
            *DiamondStage.choices,
        ],
    )
