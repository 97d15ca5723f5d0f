import pytest

from tests.forecasts.helpers import HF, text_of


@pytest.fixture
def q2(fay, client_for):
    """Finance starts the open Q2 2023/24 forecast from Q1's."""
    client = client_for(fay)
    page = client.get(f"{HF}/forecast/")
    assert "Q2 2023/24 is open and has no forecast yet" in text_of(page.content)
    response = client.post(f"{HF}/forecast/start/", follow=True)
    assert "Q2 2023/24 forecast started from Q1 2023/24" in text_of(response.content)
    return client
