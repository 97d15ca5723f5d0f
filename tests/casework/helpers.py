"""What the casework tests share: the H&F casework address, the tables of a page, and
cases built in bulk."""

import datetime
from html.parser import HTMLParser

from workstreams.choices import TransitionStatus
from workstreams.models import TransitionCase

HF = "/a/hammersmith-fulham/casework/"


class Tables(HTMLParser):
    """Every <table> of a page as {caption: [[cell text, ...], ...]}."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.rows: list[list[str]] | None = None
        self.caption = self.cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows, self.caption = [], ""
        elif tag == "caption":
            self.cell = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self.cell is not None:
            self.caption, self.cell = " ".join("".join(self.cell).split()), None
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.rows is not None:
            self.tables[self.caption] = self.rows
            self.rows = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables_of(response) -> dict[str, list[list[str]]]:
    assert response.status_code == 200
    return Tables(response.content.decode()).tables


def hf_case(reference="PFA-0001") -> TransitionCase:
    return TransitionCase.objects.get(authority__slug="hammersmith-fulham", reference=reference)


def build_cases(authority, n, cohort, pathway, *, status=None, start=0, team_leader=None):
    statuses = [
        TransitionStatus.IDENTIFIED,
        TransitionStatus.ONGOING,
        TransitionStatus.TRANSITIONED,
        TransitionStatus.CEASED,
    ]
    first = datetime.date(2021, 9, 1)
    cases = []
    for i in range(start, start + n):
        this = status or statuses[i % 4]
        cases.append(
            TransitionCase(
                authority=authority,
                reference=f"T-{i:05d}",
                cohort=cohort[i % len(cohort)] if isinstance(cohort, list) else cohort,
                pathway=pathway[i % len(pathway)] if isinstance(pathway, list) else pathway,
                status=this,
                identified_on=first + datetime.timedelta(days=i % 300),
                target_transition_on=datetime.date(2023 + i % 5, 7, 31),
                transitioned_on=(
                    first + datetime.timedelta(days=300 + i % 700)
                    if this == TransitionStatus.TRANSITIONED
                    else None
                ),
                post_16_move=i % 7 == 0,
                team_leader=team_leader,
                next_review_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 400),
                notes="Notes" if i % 3 else "",
            )
        )
    TransitionCase.objects.bulk_create(cases, batch_size=2_000)
