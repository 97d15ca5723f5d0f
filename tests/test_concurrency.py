"""Two people saving the same return at the same moment: one wins, one is told.

Run against PostgreSQL, where the row lock is real (SQLite serialises all writes).
"""

import threading

import pytest
from django.db import connection

from hnb_monitor.locking import EditConflict
from hnb_monitor.models import ReportingPeriod
from tests.conftest import build_programme
from workstreams import services
from workstreams.models import QuarterlyReturn

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (the CI run has it)"
)
def test_concurrent_saves_of_one_return_never_overwrite_silently(hf, olu, fay):
    q2 = ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=hf)
    workstream = build_programme(hf, workstreams=1, lead=olu, period_codes=())[0]
    first = services.save_return(
        quarterly_return=services.new_return(workstream, q2),
        values={"progress_update": "start"},
        user=olu,
        expected_version=0,
    )
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(user, words):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.save_return(
                quarterly_return=QuarterlyReturn.objects.get(pk=first.pk),
                values={"progress_update": words},
                user=user,
                expected_version=first.version,
            )
            outcomes[words] = "saved"
        except EditConflict:
            outcomes[words] = "conflict"
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=save, args=(olu, "from Olu")),
        threading.Thread(target=save, args=(fay, "from Fay")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(words for words, outcome in outcomes.items() if outcome == "saved")
    saved = QuarterlyReturn.objects.get(pk=first.pk)
    assert saved.progress_update == winner
    assert saved.version == first.version + 1


def run_together(count, work):
    """Run `work(i)` in `count` threads released at the same moment; each thread's
    outcome (its return value, or the exception's class name) by index."""
    barrier = threading.Barrier(count)
    outcomes = {}

    def run(i):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            outcomes[i] = work(i)
        except Exception as error:  # noqa: BLE001 - the outcome is what is asserted
            outcomes[i] = type(error).__name__
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (the CI run has it)"
)
def test_concurrent_first_saves_of_a_return_give_one_save_and_conflicts(hf, olu):
    q2 = ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=hf)
    workstream = build_programme(hf, workstreams=1, lead=olu, period_codes=())[0]

    def first_save(i):
        services.save_return(
            quarterly_return=services.new_return(workstream, q2),
            values={"progress_update": f"save {i}"},
            user=olu,
            expected_version=0,
        )
        return "saved"

    outcomes = run_together(8, first_save)
    assert sorted(outcomes.values()) == ["EditConflict"] * 7 + ["saved"]
    assert QuarterlyReturn.objects.filter(workstream=workstream, period=q2).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (the CI run has it)"
)
def test_a_save_racing_a_sign_off_is_refused_not_written_after_it(hf, olu, fay):
    import time

    from django.db import transaction

    from hnb_monitor.services import sign_off_period

    q2 = ReportingPeriod.objects.with_code("2023-24-Q2").get(authority=hf)
    workstream = build_programme(hf, workstreams=1, lead=olu, period_codes=())[0]
    draft = services.new_return(workstream, q2)  # loaded while Q2 is still open

    def race(i):
        if i == 0:
            with transaction.atomic():
                sign_off_period(period=ReportingPeriod.objects.get(pk=q2.pk), user=fay)
                time.sleep(0.5)  # the save arrives while the sign-off is committing
            return "signed off"
        time.sleep(0.1)
        services.save_return(
            quarterly_return=draft,
            values={"progress_update": "late"},
            user=olu,
            expected_version=0,
        )
        return "saved"

    outcomes = run_together(2, race)
    assert outcomes == {0: "signed off", 1: "PeriodLocked"}
    assert not QuarterlyReturn.objects.filter(workstream=workstream, period=q2).exists()
