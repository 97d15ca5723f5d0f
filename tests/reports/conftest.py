import hashlib

import pytest

from hnb_monitor.models import ReportingPeriod
from reports.models import Paper

HF = "/a/hammersmith-fulham"
Q1_PAPER = f"{HF}/papers/2023-24-Q1/"


@pytest.fixture
def q1(hf) -> ReportingPeriod:
    return ReportingPeriod.objects.with_code("2023-24-Q1").get(authority=hf)


@pytest.fixture
def q1_paper(q1) -> Paper:
    """The demo's Q1 2023/24 paper, with seed 000's front matter, not yet published."""
    return Paper.objects.get(period=q1)


@pytest.fixture
def quick_pdf(monkeypatch):
    """Publishing without WeasyPrint's seconds per paper, for tests about who may do
    what: the "PDF" is a digest of the HTML it was printed from, so it still changes
    exactly when the paper does."""

    def render(html: str) -> tuple[bytes, int]:
        return b"%PDF-1.7 test\n" + hashlib.sha256(html.encode()).hexdigest().encode(), 3

    monkeypatch.setattr("reports.services.render_pdf", render)
