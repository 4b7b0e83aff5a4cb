from django import forms

from evaluation.models import LearningPoint


class LearningPointForm(forms.ModelForm):
    class Meta:
        model = LearningPoint
        fields = ["text"]
        labels = {"text": "New learning point"}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "text": "One lesson others could use: what happened, why it mattered and "
            "what to do next time. Write as much as it needs; a blank line starts a "
            "new paragraph and lines starting with - make a list."
        }
