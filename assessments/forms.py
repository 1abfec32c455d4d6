from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape

from .models import Answer, Assessment

IMPORTANCE_CHOICES = [
    (1, "1 – Not important"),
    (2, "2 – Slightly important"),
    (3, "3 – Important"),
    (4, "4 – Very important"),
    (5, "5 – Critical"),
]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["company_name", "sector", "size_band", "region", "contact_email", "benchmark_consent"]
        labels = {
            "company_name": "Company name",
            "sector": "What does your site mainly make?",
            "size_band": "How many people does the firm employ?",
            "region": "Where in the UK is your main site?",
            "contact_email": "E-mail address (optional)",
            "benchmark_consent": "Include our scores, anonymously, when comparing similar firms",
        }
        help_texts = {
            "company_name": "Printed on your report. It is never shown to other firms.",
            "sector": "The SIC 2007 manufacturing division that fits best.",
            "region": "Support programmes differ by region, so we use this to find the ones you can apply to.",
            "contact_email": "We send your resume link here, nothing else.",
            "benchmark_consent": "Comparisons only ever show groups of five firms or more, never a single firm.",
        }
        widgets = {"size_band": forms.RadioSelect}
        error_messages = {
            "company_name": {"required": "Enter your company name."},
            "sector": {"required": "Choose the sector your site mainly works in."},
            "size_band": {"required": "Choose how many people the firm employs."},
            "region": {"required": "Choose the region of your main site."},
            "contact_email": {"invalid": "Enter an e-mail address like name@example.com, or leave it empty."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "Choose a sector…"), *self.fields["sector"].choices[1:]]
        self.fields["region"].choices = [("", "Choose a region…"), *self.fields["region"].choices[1:]]
        self.fields["size_band"].choices = self.fields["size_band"].choices[1:]  # no blank radio


def question_field_name(question):
    return f"q-{question.code}"


class DriverForm(forms.Form):
    """One radio group per question of a driver, plus how important the driver is to the firm.

    Every question is optional here: the review page lists what is still unanswered, and
    "Save and finish later" must keep a half-done page.
    """

    importance = forms.TypedChoiceField(
        label="How important is this to your business in the next 12 months?",
        choices=IMPORTANCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose an importance from 1 to 5."},
    )

    def __init__(self, *args, assessment, questions, **kwargs):
        self.assessment, self.questions = assessment, questions
        # An unsaved assessment is a staff preview: nothing chosen yet, and save() is never called.
        chosen = (
            dict(
                Answer.objects.filter(assessment=assessment, question__in=questions).values_list(
                    "question_id", "option_id"
                )
            )
            if assessment.pk
            else {}
        )
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question_field_name(question)] = forms.TypedChoiceField(
                label=question.text,
                # crispy-bootstrap5 prints help text with |safe: escape it here, so an editor's
                # markup shows as text and never runs on a respondent's page.
                help_text=escape(question.help_text),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(o.pk, o.label) for o in question.options.all()],
                widget=forms.RadioSelect,
                initial=chosen.get(question.pk),
                error_messages={"invalid_choice": f"“{question.text}”: choose one of the answers shown."},
            )
        driver = questions[0].driver.code if questions else ""
        self.fields["importance"].initial = assessment.importance.get(driver)
        self.driver_code = driver
        # Importance comes last on the page, after the questions it sums up.
        self.order_fields([*(question_field_name(q) for q in questions), "importance"])

    def question_fields(self):
        return [self[question_field_name(q)] for q in self.questions]

    @transaction.atomic
    def save(self):
        """Saves the page in one transaction: upserts the chosen answers and the importance."""
        now = timezone.now()
        answers = [
            Answer(
                assessment=self.assessment,
                question=q,
                option_id=self.cleaned_data[question_field_name(q)],
                updated_at=now,
            )
            for q in self.questions
            if self.cleaned_data.get(question_field_name(q)) is not None
        ]
        Answer.objects.bulk_create(
            answers,
            update_conflicts=True,
            unique_fields=["assessment", "question"],
            update_fields=["option", "updated_at"],
        )
        importance = {**self.assessment.importance}
        if self.cleaned_data.get("importance"):
            importance[self.driver_code] = self.cleaned_data["importance"]
        Assessment.objects.filter(pk=self.assessment.pk).update(importance=importance, updated_at=now)
        self.assessment.importance = importance
