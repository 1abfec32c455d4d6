"""A short `make chaos` for CI: firms fill in, submit and download while the background worker is
killed mid-render, Redis is stopped and PostgreSQL is restarted; nothing acknowledged may be lost.

It starts its own stack on 127.0.0.1 (bench/load/stack.py: a private PostgreSQL cluster and Redis on
free ports, gunicorn and a worker), so restarting them disturbs nothing else on the machine, and
Locust as a separate process. Run by .ci/run with `pytest -m chaos`; under three minutes.
"""

import pytest

from bench.load import chaos
from bench.load import run as load

pytestmark = pytest.mark.chaos


@pytest.fixture(scope="module")
def chaos_run():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LOAD_THINK_SCALE", "0.2")  # 1–3 s between pages: whole journeys within the run
        data = load.run(
            users=12, seconds=80, ramp=6, during=chaos.injector(chaos.SHORT_SCHEDULE), demo_firms=0, drain_seconds=30
        )
    print("\n".join(chaos.report(data, "CI chaos run")))
    return data


def test_every_answer_saved_with_a_redirect_is_in_the_database_once(chaos_run):
    assert chaos_run["answers_checked"] > 100
    assert (chaos_run["answers_lost"], chaos_run["answers_duplicated"]) == (0, 0), chaos_run["lost_examples"]


def test_every_submitted_firm_gets_its_pdf_without_asking_again(chaos_run):
    assert chaos_run["submitted"] > 5 and chaos_run["pdf_missing"] == 0


def test_no_page_fails_with_a_server_error_during_the_faults(chaos_run):
    summary = load.summary(chaos_run)
    assert (summary["server_errors"], summary["traces_shown"]) == (0, 0)


def test_the_service_recovers_within_30_seconds_of_each_fault(chaos_run):
    recoveries = {fault.name: fault.recovery for fault in chaos_run["faults"]}
    assert len(recoveries) == 3 and all(r is not None and r <= 30 for r in recoveries.values()), recoveries
