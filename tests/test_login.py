import pytest


@pytest.mark.django_db
def test_login_page_follows_the_govuk_pattern(client):
    body = client.get("/accounts/login/").content.decode()
    assert '<a href="#main-content" class="govuk-skip-link"' in body
    assert 'class="govuk-service-navigation"' in body
    assert 'class="govuk-template__footer"' in body
    assert '<label class="govuk-label govuk-label--s" for="id_username">' in body
    assert body.count("<h1") == 1


def test_bad_login_shows_an_error_summary_and_keeps_the_username(client, olu):
    response = client.post("/accounts/login/", {"username": "olu", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in – HNB Monitor</title>" in body
    assert 'class="govuk-error-summary"' in body
    assert "Please enter a correct username and password" in body
    assert 'value="olu"' in body


def test_login_then_logout(client, olu):
    response = client.post(
        "/accounts/login/", {"username": "olu", "password": "pw-for-tests"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/a/hammersmith-fulham/"
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/a/hammersmith-fulham/").status_code == 302
