"""Advisers and the firm's consent: adviser organisations and their advisers, the firm's shares
(its recorded consent, per purpose, to one organisation), every adviser access, the advisers'
validations beside the firm's answers, and the organisation's private notes.

Rules that live here, each in one place:
- **Who may see a firm** — `Share.objects.active()`: not withdrawn and not expired, read on every
  request (the advisers wing asks it for each view, export and PDF; nothing caches the answer).
- **Which firms are supported** — `Share.objects.supported()`: a submitted assessment with a share
  in force that allows "statistics" (impact over time and the insights dashboard read it).
- **What a share allows** — `Share.allows(purpose)`: the firm ticks each purpose; "statistics"
  alone shows no firm to anyone.
- **A validation stands beside the firm's answer, never over it** — `Validation` keeps the firm's
  option it was given beside (`firm_option`); `Validation.objects.void_changed()` voids it when the
  firm's answer changes, and `ValidationQuerySet.beside()` is what the report prints.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..scoring import MAX_LEVEL
from .choices import Region
from .content import ChoiceListValidator, Programme
from .questionnaire import Option, Question
from .responses import Answer, Assessment

# The version of the consent wording (advisers.forms.CONSENT_WORDING). Raise it whenever
# that wording changes what a firm agrees to: each share records the version it was given under.
CONSENT_VERSION = 1
SHARE_MONTHS = 12


def months_later(moment, months=SHARE_MONTHS):
    """The same day and time `months` later (the 29th of February becomes the 28th)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


class AdviserOrganisation(models.Model):
    """A body that gives firms support through advisers: a Growth Hub, a Made Smarter region, a
    Business Gateway office, Business Wales, an Invest NI team."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    regions = models.JSONField(
        _("regions served"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(Region)],
        help_text=_("Firms in these regions are offered this organisation. Empty means the whole UK."),
    )
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="adviser_organisations", verbose_name=_("programmes served")
    )
    inbox = models.EmailField(
        _("inbox e-mail"),
        help_text=_(
            "Told when a firm shares: the company name and a link that needs an adviser's sign-in, nothing more."
        ),
    )
    # Made by `manage.py seed_demo` for trying the workspace: never offered to a real firm.
    is_demo = models.BooleanField(_("demo organisation"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("adviser organisation")

    def __str__(self):
        return self.name

    def serves(self, region):
        return not self.regions or region in self.regions

    def region_names(self):
        labels = dict(Region.choices)
        return [labels.get(code, code) for code in self.regions] or [_("Whole UK")]

    @classmethod
    def offered_to(cls, assessment):
        """The organisations a firm may share with: real ones serving its region, by name."""
        return [o for o in cls.objects.filter(is_demo=assessment.is_demo) if o.serves(assessment.region)]


class Adviser(models.Model):
    """A staff user's membership of one organisation. Moving an adviser to another organisation
    ends their access to the first one's firms on their next request."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser")
    organisation = models.ForeignKey(AdviserOrganisation, on_delete=models.CASCADE, related_name="advisers")
    is_lead = models.BooleanField(
        _("lead"), default=False, help_text=_("A lead manages the organisation's advisers in the admin.")
    )

    class Meta:
        ordering = ["organisation", "user__username"]
        verbose_name = _("adviser")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.user.get_full_name() or self.user.username


class ShareQuerySet(models.QuerySet):
    def active(self, now=None):
        """Shares in force now: not withdrawn, not expired. The one rule of who may see a firm."""
        return self.filter(withdrawn_at__isnull=True, expires_at__gt=now or timezone.now())

    def supported(self, now=None):
        """The shares that make a firm a *supported* one: in force, of a submitted assessment, and
        allowing "statistics" (the firm agreed to count in the organisation's anonymous statistics).
        The one rule of which firms count as supported by an adviser: the impact figures of an
        organisation and the insights dashboard's "adviser support" grouping both read it."""
        return self.active(now).filter(in_statistics=True, assessment__status=Assessment.Status.SUBMITTED)

    def forget_ended_contacts(self, now=None):
        """Clears the contact address of every share that has ended (withdrawal clears it at once;
        expiry here, by `manage.py purge`). Returns how many."""
        ended = self.filter(Q(withdrawn_at__isnull=False) | Q(expires_at__lte=now or timezone.now()))
        return ended.exclude(contact_email="").update(contact_email="")

    def seen_by(self, adviser, now=None):
        """The active shares of the adviser's organisation that show the firm (any purpose but
        statistics alone)."""
        return (
            self.active(now)
            .filter(organisation_id=adviser.organisation_id)
            .filter(Q(sees_report=True) | Q(sees_answers=True) | Q(may_contact=True))
        )


class Share(models.Model):
    """The firm's recorded consent to one organisation: which purposes, under which wording, when,
    until when; withdrawn in one click. A new share with the same organisation replaces the old one."""

    class Purpose(models.TextChoices):
        REPORT = "report", _("See your report")
        ANSWERS = "answers_and_comments", _("See your answers and comments")
        CONTACT = "contact", _("Contact you")
        STATISTICS = "statistics", _("Count you in the programme's anonymous statistics")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(AdviserOrganisation, on_delete=models.PROTECT, related_name="shares")
    sees_report = models.BooleanField(_("see the report"), default=False)
    sees_answers = models.BooleanField(_("see the answers and comments"), default=False)
    may_contact = models.BooleanField(_("contact the firm"), default=False)
    contact_email = models.EmailField(_("contact address"), blank=True, help_text=_("Given for this share only."))
    in_statistics = models.BooleanField(_("count in anonymous statistics"), default=False)
    consent_version = models.PositiveSmallIntegerField(default=CONSENT_VERSION, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        Adviser, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_shares"
    )

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share")
        permissions = [("advise_firms", "Can use the adviser workspace")]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_share_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(sees_report=True) | Q(sees_answers=True) | Q(may_contact=True) | Q(in_statistics=True),
                name="share_has_a_purpose",
            ),
            # An address is kept only for the contact purpose (the form requires one then), and is
            # cleared when the share is withdrawn.
            models.CheckConstraint(
                condition=Q(may_contact=True) | Q(contact_email=""), name="share_contact_address_only_to_contact"
            ),
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="share_expires_later"),
        ]

    def __str__(self):
        return f"{self.assessment.company_name} → {self.organisation}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = months_later(self.created_at)
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.withdrawn_at is None and self.expires_at > timezone.now()

    def allows(self, purpose):
        return {
            self.Purpose.REPORT: self.sees_report,
            self.Purpose.ANSWERS: self.sees_answers,
            self.Purpose.CONTACT: self.may_contact,
            self.Purpose.STATISTICS: self.in_statistics,
        }[purpose]

    def purposes(self):
        """The purposes the firm agreed to, as Purpose members, in the form's order."""
        return [p for p in self.Purpose if self.allows(p)]

    @classmethod
    @transaction.atomic
    def record(cls, assessment, organisation, purposes, contact_email="", now=None):
        """Records the firm's consent now; an earlier share with the same organisation is withdrawn
        (replaced) in the same transaction. Returns the new share."""
        now = now or timezone.now()
        cls.objects.filter(assessment=assessment, organisation=organisation, withdrawn_at__isnull=True).update(
            withdrawn_at=now, contact_email=""
        )
        return cls.objects.create(
            assessment=assessment,
            organisation=organisation,
            sees_report=cls.Purpose.REPORT in purposes,
            sees_answers=cls.Purpose.ANSWERS in purposes,
            may_contact=cls.Purpose.CONTACT in purposes,
            contact_email=contact_email if cls.Purpose.CONTACT in purposes else "",
            in_statistics=cls.Purpose.STATISTICS in purposes,
            created_at=now,
        )

    def withdraw(self, now=None):
        """Ends the share at once (one conditional UPDATE); False when it had already ended."""
        now = now or timezone.now()
        won = Share.objects.filter(pk=self.pk, withdrawn_at__isnull=True).update(withdrawn_at=now, contact_email="")
        if won:
            self.withdrawn_at, self.contact_email = now, ""
        return bool(won)


class AdviserAccess(models.Model):
    """One adviser's look at or action on one firm's data, kept as long as the firm's assessment:
    the firm's "download my data" lists them (who, when, what)."""

    class Action(models.TextChoices):
        FIRM = "firm", _("opened the firm's page")
        REPORT = "report", _("read the report")
        PDF = "pdf", _("downloaded the PDF report")
        ANSWERS = "answers", _("read the answers and comments")
        EXPORT = "export", _("downloaded the firm's data")
        NOTE = "note", _("added a note")
        VALIDATE = "validate", _("recorded a validation")
        ASSIGN = "assign", _("assigned the firm to an adviser")

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    who = models.CharField(max_length=150)  # the adviser's name then, kept if the account goes
    action = models.CharField(max_length=10, choices=Action)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("adviser access")
        verbose_name_plural = _("adviser accesses")

    def __str__(self):
        return f"{self.who} {self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class Note(models.Model):
    """A note about a firm, seen only by the advisers of the organisation that wrote it. Plain
    text, escaped wherever it is shown."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="adviser_notes")
    organisation = models.ForeignKey(AdviserOrganisation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150)
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.author_name}: {self.text[:40]}"


class ValidationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(voided_at__isnull=True)

    def void_changed(self, assessment, now=None):
        """Voids the assessment's validations whose question the firm has since answered differently
        (or no longer answers): called in the transaction that saves the firm's answers. Two queries."""
        current = list(self.current().filter(assessment=assessment).values_list("pk", "question_id", "firm_option_id"))
        if not current:
            return 0
        answers = dict(
            Answer.objects.filter(assessment=assessment, question__in=[q for _, q, _ in current]).values_list(
                "question_id", "option_id"
            )
        )
        changed = [pk for pk, question, option in current if answers.get(question) != option]
        return self.filter(pk__in=changed).update(
            voided_at=now or timezone.now(), void_reason=Validation.Void.ANSWER_CHANGED
        )

    def beside(self, sheet, assessment):
        """What the report prints of the advisers' validations (one query): a Beside."""
        rows = list(self.filter(assessment=assessment).select_related("organisation", "question"))
        order = {q.pk: i for i, q in enumerate(sheet.questions)}
        questions = {q.pk: q for q in sheet.questions}
        current = sorted((v for v in rows if v.voided_at is None), key=lambda v: order.get(v.question_id, 0))
        differ = []
        for v in current:
            answer = sheet.answers.get(v.question_id)
            mine = answer.option if answer else None
            if mine is None or mine.kind != Option.Kind.SCORED or mine.level != v.level:
                differ.append(ValidatedAnswer(questions.get(v.question_id, v.question), mine, v))
        voided = [v for v in rows if v.voided_at is not None and v.void_reason == Validation.Void.ANSWER_CHANGED]
        return Beside(tuple(differ), len(current), tuple(sorted(voided, key=lambda v: v.voided_at, reverse=True)))


class Validation(models.Model):
    """An adviser's level for one of the firm's questions, with the reason, kept beside the firm's
    own answer (`firm_option`, as it was when the adviser validated), never over it.

    It is void once the firm answers that question differently (void_changed) or the adviser records
    another level for it (replaced). Peer figures and the insights dashboard read the firm's own,
    self-assessed scores only (DriverScore, written at submit from the answers): a validation never
    changes them."""

    class Void(models.TextChoices):
        ANSWER_CHANGED = "answer_changed", _("the firm changed its answer")
        REPLACED = "replaced", _("replaced by a newer validation")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="validations")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="validations")
    level = models.PositiveSmallIntegerField(_("validated level"), validators=[MaxValueValidator(MAX_LEVEL)])
    reason = models.TextField(_("reason"), max_length=1000)
    firm_option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    adviser = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    adviser_name = models.CharField(max_length=150)
    organisation = models.ForeignKey(AdviserOrganisation, on_delete=models.PROTECT, related_name="validations")
    created_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=20, choices=Void, blank=True)

    objects = ValidationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], condition=Q(voided_at__isnull=True), name="one_current_validation"
            ),
            models.CheckConstraint(condition=Q(level__lte=MAX_LEVEL), name="validated_level_in_range"),
        ]

    def __str__(self):
        return f"{self.question.code}: {self.level} ({self.adviser_name})"

    def clean(self):
        if (
            self.question_id
            and self.assessment_id
            and self.question.questionnaire_id != self.assessment.questionnaire_id
        ):
            raise ValidationError(_("The question is not one of this assessment's."))

    @classmethod
    @transaction.atomic
    def record(cls, assessment, question, level, reason, adviser, now=None):
        """Records an adviser's level for a question beside the firm's current answer; the question's
        earlier validation, if any, is voided as replaced."""
        now = now or timezone.now()
        cls.objects.current().filter(assessment=assessment, question=question).update(
            voided_at=now, void_reason=cls.Void.REPLACED
        )
        answer = Answer.objects.filter(assessment=assessment, question=question).values_list("option", flat=True)
        return cls.objects.create(
            assessment=assessment,
            question=question,
            level=level,
            reason=reason,
            firm_option_id=answer.first(),
            adviser=adviser.user,
            adviser_name=adviser.name,
            organisation=adviser.organisation,
            created_at=now,
        )


@dataclass(frozen=True)
class Beside:
    """The advisers' view beside the firm's: the questions where a current validation's level differs
    from the firm's answer (in question order), how many current validations there are, and the ones
    voided because the firm changed its answer (newest first)."""

    differ: tuple  # ValidatedAnswer
    current: int
    voided: tuple  # Validation

    def __bool__(self):
        return bool(self.current or self.voided)


@dataclass(frozen=True)
class ValidatedAnswer:
    """A question where the adviser's level differs from the firm's answer (None: unanswered)."""

    question: Question
    firm_option: Option | None
    validation: Validation


def validation_revision(assessment):
    """A short text that changes whenever the assessment's validations do (one is recorded: the
    newest id moves; one is voided: the current count drops), for the PDF state key."""
    rows = Validation.objects.filter(assessment=assessment).aggregate(
        newest=models.Max("pk"), current=models.Count("pk", filter=Q(voided_at__isnull=True))
    )
    return f"{rows['newest'] or 0}.{rows['current']}"
