"""No cache keeps the council's figures: every signed-in page and export, and the answer
to a sign-in, says Cache-Control: no-store, private.

Fay is H&F finance: she may read every page and download every export.
"""

import pytest

HF = "/a/hammersmith-fulham"


def assert_not_stored(response):
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives, response["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    [
        f"{HF}/",
        f"{HF}/dashboard/?period=2023-24-Q1",
        f"{HF}/forecast/2023-24-Q1/export/",
        f"{HF}/casework/cases/export.csv",
        f"{HF}/casework/cases/export.xlsx",
        "/accessibility/",
        f"{HF}/no-such-page/",
    ],
)
def test_signed_in_pages_and_exports_are_not_stored(client_for, fay, url):
    response = client_for(fay).get(url)
    assert response.status_code in (200, 404)
    assert_not_stored(response)


def test_the_sign_in_answer_is_not_stored(client, fay):
    wrong = client.post("/accounts/login/", {"username": "fay", "password": "wrong"})
    assert wrong.status_code == 200
    assert_not_stored(wrong)
    right = client.post("/accounts/login/", {"username": "fay", "password": "pw-for-tests"})
    assert right.status_code == 302
    assert_not_stored(right)
