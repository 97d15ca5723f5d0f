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
