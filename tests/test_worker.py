"""The background worker looks after its own queue (manage.py worker, housekeeping every few
seconds): abandoned and lost renders are queued again and every submitted firm gets its PDF without
a page asking; rows of killed tasks and of sent e-mails do not stay."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import default_task_backend
from django_tasks_db.models import DBTaskResult

from assessments import outbox
from assessments.management.commands.worker import tidy
from assessments.models import Assessment, StoredReport
from assessments.report import pdf, rendering
from tests.helpers import answer_all, make_assessment, make_report_world

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def no_worker(settings, monkeypatch):
    """Tasks are only recorded, and a render never calls WeasyPrint."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: (b"%PDF-1.7", 1))  # bytes, pages


@pytest.fixture
def submitted(django_capture_on_commit_callbacks):
    """A firm that submitted; its render queued (as the submit's commit does) unless queued=False."""

    def submit(queued=True):
        make_report_world(questions_per_driver=2)
        assessment, _ = make_assessment()
        answer_all(assessment, level=2)
        with django_capture_on_commit_callbacks(execute=queued):
            assessment.submit()
        return Assessment.objects.select_related("questionnaire").get(pk=assessment.pk)

    return submit


def started(seconds_ago):
    return timezone.now() - timedelta(seconds=seconds_ago)


@pytest.mark.django_db
def test_a_render_whose_worker_died_is_queued_again_once_past_its_deadline(no_worker, settings, submitted):
    assessment = submitted()
    StoredReport.objects.update(status=StoredReport.Status.RENDERING, started_at=started(settings.REPORT_TIMEOUT + 11))
    assert tidy()["renders_queued_again"] == 1
    renders = [r for r in default_task_backend.results if r.task.func is rendering.render_report.func]
    assert StoredReport.objects.get().status == StoredReport.Status.QUEUED and len(renders) == 2
    assert renders[-1].args[0] == assessment.pk


@pytest.mark.django_db
def test_a_render_within_its_deadline_is_left_to_its_worker(no_worker, submitted):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the worker's lock decides, not the deadline (next test)")
    submitted()
    StoredReport.objects.update(status=StoredReport.Status.RENDERING, started_at=started(5))
    assert tidy()["renders_queued_again"] == 0


@pytest.mark.django_db
def test_a_render_whose_worker_holds_its_lock_is_left_alone_however_long_it_takes(no_worker, submitted):
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's")
    import psycopg

    assessment = submitted()
    StoredReport.objects.update(status=StoredReport.Status.RENDERING, started_at=started(3600))
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"]
    ) as worker:  # another session, as the rendering worker's is
        worker.execute("SELECT pg_advisory_lock(%s, %s)", [rendering.RENDERING_LOCK, assessment.pk])
        assert tidy()["renders_queued_again"] == 0


@pytest.mark.django_db
def test_a_submitted_firm_whose_render_was_never_queued_gets_it(no_worker, submitted):
    assessment = submitted(queued=False)
    Assessment.objects.update(submitted_at=started(60))
    assert tidy()["renders_missing_queued"] == 1 and StoredReport.objects.get().assessment_id == assessment.pk


@pytest.mark.django_db
def test_a_queued_render_whose_task_was_lost_is_queued_again(settings, no_worker, submitted):
    submitted()
    settings.TASKS = DATABASE_TASKS  # the Dummy backend's task is not in the database: as if lost
    StoredReport.objects.update(started_at=started(60))
    assert tidy()["renders_queued_again"] == 1 and DBTaskResult.objects.ready().count() == 1


@pytest.mark.django_db
def test_a_queued_render_with_its_task_waiting_is_left_alone(settings, no_worker, submitted):
    settings.TASKS = DATABASE_TASKS
    submitted()
    StoredReport.objects.update(started_at=started(60))
    renders = DBTaskResult.objects.filter(task_path__endswith=".render_report")
    assert tidy()["renders_queued_again"] == 0 and renders.count() == 1


@pytest.mark.django_db
def test_a_task_row_left_running_by_a_killed_worker_is_marked_failed(settings):
    settings.TASKS = DATABASE_TASKS
    result = outbox.send.enqueue("ops@example.com", "Subject", "Body")
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=started(3600))
    tidy()
    assert not DBTaskResult.objects.filter(status="RUNNING").exists()


@pytest.mark.django_db
def test_a_sent_e_mail_leaves_no_address_in_the_task_table(settings):
    settings.TASKS = DATABASE_TASKS
    sent = outbox.send.enqueue("ops@example.com", "Subject", "Body")
    waiting = outbox.send.enqueue("later@example.com", "Subject", "Body")
    DBTaskResult.objects.filter(pk=sent.id).update(status="SUCCESSFUL", finished_at=timezone.now())
    assert tidy()["emails_forgotten"] == 1 and list(DBTaskResult.objects.values_list("pk", flat=True)) == [
        waiting.db_result.pk
    ]


@pytest.mark.django_db
def test_purge_prunes_finished_task_rows_past_their_retention(settings):
    settings.TASKS = DATABASE_TASKS
    settings.RETENTION_TASK_RESULTS_DAYS = 1
    old, recent = (rendering.render_report.enqueue(n, "en-gb") for n in (1, 2))
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now())
    DBTaskResult.objects.filter(pk=old.id).update(finished_at=started(2 * 24 * 3600))
    call_command("purge", verbosity=0)
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.db_result.pk]


@pytest.mark.django_db
def test_the_resume_e_mail_is_sent_by_the_worker_not_by_the_request(client, no_worker, mailoutbox):
    from django.urls import reverse

    make_report_world(questions_per_driver=1)
    profile = {"company_name": "Tyne Valves", "sector": "28", "size_band": "medium", "region": "north-east"}
    client.post(reverse("assessments:new"), {**profile, "email": "ops@example.com"})
    assert mailoutbox == [] and [r.task.name for r in default_task_backend.results] == ["send"]


def test_a_relay_that_refuses_the_e_mail_is_logged_without_the_address(settings, caplog, monkeypatch):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"ops@example.com": (550, b"no")})

    monkeypatch.setattr(outbox, "send_mail", refuse)
    assert outbox.send.call("ops@example.com", "Subject", "https://example.org/assessments/secret/") is False
    assert "SMTPRecipientsRefused" in caplog.text and "ops@example.com" not in caplog.text
