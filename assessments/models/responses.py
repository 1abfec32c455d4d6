"""What one firm gives: its assessment (profile, token, status), answers and driver scores."""

import hashlib
import secrets
from dataclasses import dataclass

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..scoring import BAND_CHOICES, answers_frame, questions_frame, score_drivers
from .choices import Language, Region, Sector, SizeBand
from .content import Driver
from .questionnaire import Option, Question, Questionnaire


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class AssessmentQuerySet(models.QuerySet):
    def get_by_token(self, token):
        """Raises DoesNotExist for any unknown, malformed or deleted token alike."""
        return self.select_related("questionnaire").get(token_hash=hash_token(token))

    def counted(self, include_demo=False):
        """The assessments whose scores count in peer figures and insights: submitted, by firms that
        agreed to anonymous comparison, that scored every area (a made-up peer then costs a whole
        assessment; insights.benchmarks has the rest of the defence), not held out as possibly made
        up (insights.peers.screen, until an analyst lets them in), and not demo data (unless an
        analyst asks for demo data). The one "who counts" rule: anti-gaming rules belong here."""
        partial = DriverScore.objects.filter(score__isnull=True).values("assessment_id")
        firms = self.filter(status=Assessment.Status.SUBMITTED, benchmark_consent=True, held="")
        firms = firms.exclude(pk__in=partial)
        return firms if include_demo else firms.filter(is_demo=False)

    def self_assessed(self):
        """The firms' own assessments: those no adviser started (Assessment.with_adviser, row by row)."""
        return self.filter(engagement=Assessment.Engagement.SELF)


class Assessment(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    class Mode(models.TextChoices):
        FULL = "full", "Full assessment"
        QUICK = "quick", "Quick check"

    class Held(models.TextChoices):
        """Why a submitted assessment is kept out of peer figures and insights until an analyst lets it in."""

        BURST = "burst", _("Submitted in a burst from one network")
        IDENTICAL = "identical", _("Answers identical to another recent assessment")

    class Engagement(models.TextChoices):
        """Who filled it in (the advisers wing sets it; the firm's own journey leaves "self"). Both
        adviser modes are one for every rule (`Assessment.with_adviser`): an adviser started it."""

        SELF = "self", _("Self-assessed by the firm")
        FACILITATED = "facilitated", _("Facilitated by an adviser")
        ADVISER_ENTERED = "adviser_entered", _("Entered by an adviser")

    # Only the SHA-256 of the 256-bit token is stored, so a leaked database holds no live links.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="assessments")
    company_name = models.CharField(max_length=120)
    sector = models.CharField("sector (SIC 2007 division)", max_length=2, choices=Sector)
    size_band = models.CharField("size", max_length=10, choices=SizeBand)
    region = models.CharField(max_length=20, choices=Region)
    contact_email = models.EmailField(blank=True)
    benchmark_consent = models.BooleanField(default=False)
    # Synthetic firms from `manage.py seed_demo`: never in a real firm's peer figures, and in the
    # insights only when an analyst asks for them.
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    # Whether this firm is in the live insight cells (peers.record / refresh_peers), so a delete can
    # take it out again.
    in_aggregates = models.BooleanField(default=False, editable=False)
    # Whether this firm is in the current release of the peer cells (peers.release), so its own
    # report can take its score out of its comparison.
    in_peer_release = models.BooleanField(default=False, db_default=False, editable=False)
    # Set at submit when the assessment looks made up (see Held); such firms count nowhere until an
    # analyst lets them in ("" = not held).
    held = models.CharField(
        _("held out of the figures"), max_length=10, choices=Held, blank=True, default="", db_default="", editable=False
    )
    # A keyed one-way fingerprint of the network the firm submitted from (limits.network_fingerprint):
    # how bursts from one client are spotted. `purge` clears it after RETENTION_NETWORK_DAYS.
    submitted_from = models.CharField(max_length=32, blank=True, default="", db_default="", editable=False)
    # SHA-256 of the submitted answers (question code and option), to spot identical submissions.
    answers_digest = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    importance = models.JSONField(default=dict, blank=True, help_text="Driver code → importance 1–5.")
    # The codes of the questions on every page the firm has saved (pressed a Save button on): an
    # area is "Completed" on the task list only once all its questions are in it, answered or not.
    saved_questions = models.JSONField(default=list, blank=True, editable=False)
    status = models.CharField(max_length=12, choices=Status, default=Status.IN_PROGRESS)
    mode = models.CharField(max_length=5, choices=Mode, default=Mode.FULL)
    # db_default too: the demo seeder writes assessments with its own INSERTs.
    engagement = models.CharField(
        max_length=15, choices=Engagement, default=Engagement.SELF, db_default=Engagement.SELF, editable=False
    )
    # The language the firm last used its pages in: its resume link, e-mails and PDF follow it.
    language = models.CharField(
        _("language"), max_length=5, choices=Language, default=Language.ENGLISH, db_default=Language.ENGLISH
    )
    # The assessment this one started from; only ever set through the firm's own private link.
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["submitted_from", "submitted_at"], name="assessment_submitted_from"),
            models.Index(fields=["answers_digest"], name="assessment_answers_digest"),
        ]
        permissions = [
            ("export_responses", "Can export responses as CSV or XLSX"),
            ("view_insights", "Can view the insights dashboard"),
            ("admit_held", "Can let held-out assessments into the figures"),
        ]

    def __str__(self):
        return f"{self.company_name} ({self.get_status_display()})"

    @property
    def with_adviser(self):
        """An adviser started it with the firm, facilitated or entering the answers on the firm's
        behalf: the two adviser modes are treated alike everywhere (hand-over, report, screening).
        AssessmentQuerySet.self_assessed is the same rule in a query."""
        return self.engagement != self.Engagement.SELF

    def issue_token(self):
        """Sets a new token and returns it; the caller shows it once and it is never stored."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    def rotate_token(self):
        """Gives a saved assessment a new private link at once: the old one stops working (a 404, as
        any unknown link). Returns the new token, shown once and never stored."""
        token = self.issue_token()
        Assessment.objects.filter(pk=self.pk).update(token_hash=self.token_hash)
        return token

    @property
    def is_submitted(self):
        return self.status == self.Status.SUBMITTED

    @property
    def is_quick(self):
        return self.mode == self.Mode.QUICK

    def questions(self):
        """The questions this assessment asks: the quick check's only, or all of its version's."""
        questions = self.questionnaire.questions.all()
        return questions.filter(quick_check=True) if self.is_quick else questions

    def drivers(self):
        """The drivers its questions cover, in driver order."""
        return Driver.objects.filter(questions__in=self.questions()).distinct()

    def submit(self):
        """The one submit sequence (the submit view, the tests and the bench all call it): waits for any
        page save holding the row, flips the status, scores the answers, adds the firm to the stored peer
        and insight figures, and queues its PDF once the transaction commits — all or nothing.

        True when this call submitted it; False when it already was (a double click or a second tab),
        and then nothing is written."""
        # The wings above the models own the aggregates and the render; they are imported here, in
        # the one sequence that needs them, so the ground floor never imports them at load time.
        from ..insights import peers
        from ..report import rendering

        with transaction.atomic():
            # The row lock makes submitted_at come after any answers being saved, and the scores
            # (computed here, not before) see them. SQLite's IMMEDIATE transactions already queue.
            list(Assessment.objects.select_for_update().filter(pk=self.pk).values_list("pk"))
            if not self.mark_submitted():
                return False
            peers.record(self, save_scores(self))
            transaction.on_commit(lambda: rendering.request_render(self))  # ready before it is asked for
        return True

    def mark_submitted(self):
        """Flips the status exactly once, even under double clicks: True for the one caller that won."""
        now = timezone.now()
        won = Assessment.objects.filter(pk=self.pk, status=self.Status.IN_PROGRESS).update(
            status=self.Status.SUBMITTED, submitted_at=now, updated_at=now
        )
        if won:
            self.status, self.submitted_at = self.Status.SUBMITTED, now
        return bool(won)


def assessment_url(name, token, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"token": token, **kwargs})


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="answers")
    comment = models.TextField(blank=True, max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_per_question")]

    def __str__(self):
        return f"{self.question.code} → {self.option.label}"


class DriverScore(models.Model):
    """Written once at submit; benchmarks and insights read this table, never the answers."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="driver_scores")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="0–100; empty when coverage is below 50 %."
    )
    level = models.CharField(max_length=12, choices=BAND_CHOICES, blank=True)
    coverage = models.FloatField(help_text="Share of applicable questions answered with a level, 0–1.")

    class Meta:
        ordering = ["driver__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "driver"], name="one_score_per_driver")]

    def __str__(self):
        return f"{self.driver}: {self.score}"


@dataclass(frozen=True)
class AnswerSheet:
    """One assessment's questions and answers, loaded once: what submit scores and the report shows."""

    drivers: list  # Driver rows of the version, in order
    questions: list  # Question rows with driver and options loaded
    answers: dict  # question id -> Answer with its option

    @classmethod
    def load(cls, assessment):
        return cls(
            drivers=list(assessment.drivers()),
            questions=list(assessment.questions().select_related("driver").prefetch_related("options")),
            answers={a.question_id: a for a in assessment.answers.select_related("option")},
        )

    def blank(self):
        """True when no question has a scored answer: nothing to score, so nothing to submit."""
        return not self.scored_levels()

    def thin_drivers(self):
        """The drivers whose score would read "not enough answers" (scoring's MIN_COVERAGE rule)."""
        results = self.results()
        return [d for d in self.drivers if not results[d.code].enough_answers]

    def answer_to(self, question):
        return self.answers.get(question.pk)

    def scored_levels(self):
        """question code -> level, for questions answered with a scored level."""
        return {
            q.code: a.option.level
            for q in self.questions
            if (a := self.answer_to(q)) and a.option.kind == Option.Kind.SCORED
        }

    def results(self):
        """driver code -> DriverResult (see scoring.score_drivers)."""
        return score_drivers(
            questions_frame([(q.code, q.driver.code, q.weight) for q in self.questions]),
            answers_frame(
                [(q.code, a.option.kind, a.option.level) for q in self.questions if (a := self.answer_to(q))]
            ),
            [d.code for d in self.drivers],
        )


def compute_scores(assessment):
    """Scores an assessment from its stored answers (three queries, then pure scoring)."""
    return AnswerSheet.load(assessment).results()


def save_scores(assessment, results=None):
    """Writes the DriverScore rows of a just-submitted assessment."""
    results = results if results is not None else compute_scores(assessment)
    drivers = Driver.objects.in_bulk(results, field_name="code")
    DriverScore.objects.bulk_create(
        DriverScore(
            assessment=assessment, driver=drivers[code], score=r.score, level=r.level or "", coverage=r.coverage
        )
        for code, r in results.items()
    )
    return results
