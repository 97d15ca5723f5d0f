"""Who sees what of the casework pages.

Olu (officer), Fay (finance) and Ade (programme lead) see case rows; Sam, a Schools Forum
member, sees the summary's counts and nothing else; Carl is Cambridgeshire finance and
must not learn that H&F's casework pages exist.
"""

import re

import pytest

from tests.casework.helpers import HF, hf_case

CASE_URLS = [
    "cases/",
    "cases/?status=ongoing",
    "cases/add/",
    "cases/{pk}/",
    "cases/{pk}/edit/",
    "cases/export.csv",
    "cases/export.xlsx",
    "tracking/",
    "tracking/print/",
    "deadlines/",
]


def test_a_forum_member_gets_403_on_every_case_page_and_export(client_for, sam):
    client = client_for(sam)
    pk = hf_case().pk
    for url in CASE_URLS + ["settings/"]:
        path = HF + url.format(pk=pk)
        assert client.get(path).status_code == 403, path
        assert client.post(path, {}).status_code == 403, path


def test_a_forum_member_sees_the_summary_counts_and_no_case_reference(client_for, sam):
    response = client_for(sam).get(HF)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Cases by cohort and status" in body
    assert not re.search(r"PFA-\d|EHC-\d", body)
    assert "/casework/cases/" not in body and "Tracking meeting" not in body
    assert "Joint casework" not in body  # no notes either


@pytest.mark.parametrize("username", ["olu", "fay", "ade"])
def test_officers_finance_and_the_programme_lead_see_case_pages(client_for, request, username):
    client = client_for(request.getfixturevalue(username))
    pk = hf_case().pk
    for url in CASE_URLS:
        path = HF + url.format(pk=pk)
        assert client.get(path).status_code == 200, path
    assert client.get(HF + "settings/").status_code == (200 if username == "ade" else 403)


def test_another_authoritys_user_gets_404_on_every_hf_casework_url(client_for, carl):
    client = client_for(carl)
    pk = hf_case().pk
    for url in ["", "settings/", *CASE_URLS]:
        path = HF + url.format(pk=pk)
        assert client.get(path).status_code == 404, path
        assert client.post(path, {}).status_code == 404, path
    # Nor can Carl reach an H&F case through his own authority's pages.
    own = f"/a/cambridgeshire/casework/cases/{pk}/"
    assert client.get(own).status_code == 404
    assert client.get(own + "edit/").status_code == 404


def test_the_navigation_has_casework_for_everyone(client_for, sam):
    body = client_for(sam).get("/a/hammersmith-fulham/").content.decode()
    assert 'href="/a/hammersmith-fulham/casework/"' in body
