"""The PDF is rendered in the background once, stored by report state, and served from the store."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from assessments.models import Assessment, Programme, Recommendation, StoredReport
from assessments.report import pdf, rendering
from assessments.report import state as report_state
from tests.helpers import make_assessment, make_report_world, release_peers, submit_firm

FAKE_PDF = b"%PDF-1.7 stored bytes"


@pytest.fixture
def renders(monkeypatch):
    """Counts renders and returns fixed bytes instead of calling WeasyPrint."""
    calls = []
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: calls.append(html) or (FAKE_PDF, 3))
    return calls


@pytest.fixture
def no_worker(settings):
    """A backend that only records tasks: nothing renders until a worker would run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def submitted(django_capture_on_commit_callbacks):
    """Submits through the view; the submit's commit queues the render, as it does outside a test's
    transaction."""

    def submit(client, consent=False, **profile):
        make_report_world(questions_per_driver=2)
        with django_capture_on_commit_callbacks(execute=True):
            return submit_firm(level=1, consent=consent, client=client, **profile)

    return submit


def pdf_url(token):
    return reverse("assessments:report", kwargs={"token": token})


@pytest.mark.django_db
def test_submitting_renders_and_stores_the_pdf_before_it_is_asked_for(client, renders, submitted):
    assessment, token = submitted(client)
    assert StoredReport.objects.get(assessment=assessment).pdf == FAKE_PDF and len(renders) == 1


@pytest.mark.django_db
def test_the_download_serves_the_stored_bytes_without_rendering(client, renders, monkeypatch, submitted):
    assessment, token = submitted(client)
    monkeypatch.setattr(pdf, "_weasyprint", lambda html, assets: pytest.fail("rendered during a download"))
    response = client.get(pdf_url(token))
    assert response.content == FAKE_PDF and response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_an_unready_pdf_shows_a_page_that_never_reloads_by_itself_and_offers_check_again(
    client, renders, no_worker, submitted
):
    assessment, token = submitted(client)
    response = client.get(pdf_url(token))
    page = response.content.decode()
    assert response.status_code == 202 and 'http-equiv="refresh"' not in page and "Check again" in page
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_pdf_downloads_once_the_worker_has_rendered(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    client.get(pdf_url(token))
    rendering.render_report.call(assessment.pk, "en-gb")  # what the worker does
    assert client.get(pdf_url(token)).content == FAKE_PDF


@pytest.mark.django_db
def test_the_same_report_state_is_rendered_once_however_often_it_is_enqueued(client, renders, submitted):
    assessment, token = submitted(client)
    for _ in range(3):
        rendering.render_report.call(assessment.pk, "en-gb")
        client.get(reverse("assessments:results", kwargs={"token": token}))
    assert len(renders) == 1 and StoredReport.objects.count() == 1


@pytest.mark.django_db
def test_a_render_already_running_elsewhere_is_not_started_again(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    StoredReport.objects.filter(assessment=assessment).update(status=StoredReport.Status.RENDERING)  # claimed
    rendering.render_report.call(assessment.pk, "en-gb")
    assert renders == []


@pytest.mark.django_db
def test_refreshing_the_waiting_page_queues_one_render(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    for _ in range(3):
        client.get(pdf_url(token))
    renders_queued = [r for r in default_task_backend.results if r.task.func.__name__ == "render_report"]
    assert len(renders_queued) == 1  # (the submit may also have queued the day's peer release)


@pytest.mark.django_db
def test_a_worker_picks_up_a_queued_render(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    rendering.render_report.call(assessment.pk, "en-gb")
    assert StoredReport.objects.get(assessment=assessment).is_ready and len(renders) == 1


@pytest.mark.django_db
def test_editing_advice_the_report_shows_renders_a_new_pdf(client, renders, submitted):
    assessment, token = submitted(client)
    rec = Recommendation.objects.get(code="safety-developing")
    rec.title = "A brand new first step"
    rec.save()
    client.get(pdf_url(token))
    assert len(renders) == 2 and "A brand new first step" in renders[1]


@pytest.mark.django_db
def test_a_new_state_replaces_the_stored_pdf_of_the_old_one(client, renders, submitted):
    assessment, token = submitted(client)
    Recommendation.objects.get(code="safety-developing").save()
    client.get(pdf_url(token))
    assert StoredReport.objects.filter(assessment=assessment).count() == 1


@pytest.mark.django_db
def test_another_firm_submitting_changes_the_state_its_peers_see_at_the_next_release(client, renders, submitted):
    assessment, token = submitted(client, consent=True)
    before = report_state.state_key(assessment, "en-gb")
    submit_firm(level=3)
    assert report_state.state_key(assessment, "en-gb") == before
    release_peers()
    assert report_state.state_key(assessment, "en-gb") != before


@pytest.mark.django_db
def test_a_deploy_renders_a_new_pdf_on_the_next_download(client, renders, settings, submitted):
    assessment, token = submitted(client)
    settings.RELEASE = "the next release"
    client.get(pdf_url(token))
    assert len(renders) == 2


@pytest.mark.django_db
def test_editing_a_programme_the_report_prints_renders_a_new_pdf(client, renders, submitted):
    assessment, token = submitted(client, region="scotland")
    programme = Programme.objects.get(code="business-gateway")
    programme.summary = "Now also funds a first robot."
    programme.save()
    client.get(pdf_url(token))
    assert len(renders) == 2 and "Now also funds a first robot." in renders[1]


@pytest.mark.django_db
def test_deleting_a_programme_renders_a_new_pdf_without_it(client, renders, submitted):
    assessment, token = submitted(client, region="scotland")
    Programme.objects.filter(code="business-gateway").delete()  # as the admin's bulk delete does
    client.get(pdf_url(token))
    assert len(renders) == 2 and "Business Gateway" in renders[0] and "Business Gateway" not in renders[1]


@pytest.mark.django_db
def test_the_state_key_needs_no_report(client, renders, monkeypatch, django_assert_max_num_queries, submitted):
    assessment, token = submitted(client)
    assessment = Assessment.objects.select_related("questionnaire").get(pk=assessment.pk)
    with django_assert_max_num_queries(8):
        report_state.state_key(assessment, "en-gb")


@pytest.mark.django_db
def test_a_failed_render_shows_a_clear_error_page(client, monkeypatch, submitted):
    def fail(html, assets):
        raise pdf.ReportError("too deep")

    monkeypatch.setattr(pdf, "_weasyprint", fail)
    assessment, token = submitted(client)
    response = client.get(pdf_url(token))
    assert response.status_code == 503 and "could not make your PDF" in response.content.decode()


@pytest.mark.django_db
def test_deleting_an_assessment_deletes_its_stored_pdf_and_its_cached_copy(client, renders, submitted):
    assessment, token = submitted(client)
    key = report_state.state_key(assessment, "en-gb")
    assert cache.get(f"report-pdf:{key}") == FAKE_PDF
    assessment.delete()
    assert not StoredReport.objects.exists() and cache.get(f"report-pdf:{key}") is None


@pytest.mark.django_db
def test_a_ready_pdf_is_served_from_the_cache_without_its_stored_row(client, renders, submitted):
    assessment, token = submitted(client)
    client.get(pdf_url(token))
    StoredReport.objects.update(pdf=b"")  # the bytes now come from the shared cache only
    assert client.get(pdf_url(token)).content == FAKE_PDF


@pytest.mark.django_db
def test_an_evicted_pdf_is_served_from_its_stored_row_and_cached_again(client, renders, submitted):
    assessment, token = submitted(client)
    cache.clear()
    assert client.get(pdf_url(token)).content == FAKE_PDF
    StoredReport.objects.update(pdf=b"")
    assert client.get(pdf_url(token)).content == FAKE_PDF and len(renders) == 1


def cached_pdfs():
    return [key for key in cache._cache if "report-pdf:" in key]  # LocMemCache, the tests' cache


@pytest.mark.django_db
def test_a_firm_deleted_while_its_pdf_renders_leaves_no_copy_in_any_cache(client, monkeypatch, no_worker, submitted):
    assessment, token = submitted(client)

    def render_then_find_the_firm_gone(html, assets):
        Assessment.objects.filter(pk=assessment.pk).delete()  # "Delete this assessment", mid-render
        return FAKE_PDF, 3

    monkeypatch.setattr(pdf, "_weasyprint", render_then_find_the_firm_gone)
    rendering.render_report.call(assessment.pk, "en-gb")
    assert cached_pdfs() == [] and not StoredReport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_pdf_copied_into_the_cache_while_its_firm_is_deleted_is_cleared_when_the_delete_commits(renders, submitted):
    from django.db import transaction
    from django.test import Client

    assessment, token = submitted(Client())
    key = report_state.state_key(assessment, "en-gb")
    with transaction.atomic():
        Assessment.objects.get(pk=assessment.pk).delete()
        cache.set(f"report-pdf:{key}", FAKE_PDF)  # a download or a render copying it in meanwhile
    assert cache.get(f"report-pdf:{key}") is None


def render_tasks():
    """The render tasks queued (a submit may also queue the daily peer release)."""
    return [result for result in default_task_backend.results if result.task.func is rendering.render_report.func]


def priorities():
    return [result.task.priority for result in render_tasks()]


def change_what_the_report_shows():
    Recommendation.objects.get(code="safety-developing").save()  # a content edit: a new state for every firm


@pytest.mark.django_db
def test_a_firm_that_just_submitted_goes_before_re_renders(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    rendering.render_report.call(assessment.pk, "en-gb")
    change_what_the_report_shows()
    client.get(pdf_url(token))
    assert priorities() == [rendering.FIRST, rendering.AGAIN]


@pytest.mark.django_db
def test_the_results_page_queues_no_render(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    rendering.render_report.call(assessment.pk, "en-gb")
    change_what_the_report_shows()
    client.get(reverse("assessments:results", kwargs={"token": token}))
    assert len(render_tasks()) == 1


@pytest.mark.django_db
def test_a_changed_report_serves_the_last_pdf_while_the_new_one_renders(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    rendering.render_report.call(assessment.pk, "en-gb")
    change_what_the_report_shows()
    response = client.get(pdf_url(token))
    assert response.status_code == 200 and response.content == FAKE_PDF


@pytest.mark.django_db
def test_a_firm_waits_for_one_re_render_at_a_time(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    rendering.render_report.call(assessment.pk, "en-gb")
    for _ in range(3):
        change_what_the_report_shows()
        client.get(pdf_url(token))
    assert priorities().count(rendering.AGAIN) == 1


@pytest.mark.django_db
def test_one_client_queues_only_a_few_re_renders(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    rendering.render_report.call(assessment.pk, "en-gb")
    for _ in range(rendering.AGAIN_PER_CLIENT[0] + 3):
        change_what_the_report_shows()
        client.get(pdf_url(token))
        StoredReport.objects.filter(status=StoredReport.Status.QUEUED).delete()  # as if each had rendered
    assert priorities().count(rendering.AGAIN) == rendering.AGAIN_PER_CLIENT[0]


@pytest.mark.django_db
def test_the_results_page_builds_the_report_once_per_state(client, renders, submitted, monkeypatch):
    from assessments.report import builder

    assessment, token = submitted(client)
    built = []
    monkeypatch.setattr(builder, "for_assessment", lambda a, build=builder.for_assessment: built.append(a) or build(a))
    results = reverse("assessments:results", kwargs={"token": token})
    for _ in range(3):
        assert client.get(results).status_code == 200
    change_what_the_report_shows()
    client.get(results)
    assert len(built) == 2


@pytest.mark.django_db
def test_deleting_an_assessment_deletes_its_cached_results_page(client, renders, submitted):
    assessment, token = submitted(client)
    client.get(reverse("assessments:results", kwargs={"token": token}))
    key = report_state.state_key(assessment, "en-gb")
    assessment.delete()
    assert cache.get(f"report-page:{key}") is None


@pytest.mark.django_db
def test_a_firm_waiting_for_its_first_pdf_queues_one_render_however_often_the_report_changes(
    client, renders, no_worker, submitted
):
    assessment, token = submitted(client)
    for _ in range(3):
        change_what_the_report_shows()  # as another firm submitting into its peer group does
        assert client.get(pdf_url(token)).status_code == 202
    assert len(render_tasks()) == 1


@pytest.mark.django_db
def test_the_queued_render_renders_the_state_current_when_it_runs(client, renders, no_worker, submitted):
    assessment, token = submitted(client)
    change_what_the_report_shows()
    rendering.render_report.call(assessment.pk, "en-gb")
    assert client.get(pdf_url(token)).content == FAKE_PDF and StoredReport.objects.count() == 1


@pytest.mark.django_db
def test_the_waiting_page_looks_again_less_often_when_many_renders_are_queued_before(
    client, renders, no_worker, submitted
):
    assessment, token = submitted(client)
    earlier = timezone.now() - timedelta(minutes=1)
    for n in range(10):
        other, _ = make_assessment(company_name=f"Earlier {n} Ltd")
        StoredReport.objects.create(state_key=f"earlier-{n}", assessment=other, started_at=earlier)
    assert 'data-seconds="15"' in client.get(pdf_url(token)).content.decode()
