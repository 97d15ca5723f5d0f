"""While the demo data are loaded, the pages say which casework figures the demo made up:
the council's paper gives only totals. Real data has no such notice.

Sam is an H&F Schools Forum member; Fay is H&F finance.
"""

from tests.casework.helpers import HF
from workstreams.models import DemoNotice, Workstream

MADE_UP = "the split of cases by pathway, the transitions by month and the 15 EHC plan records"
NO_SOURCE = "excluding exception cases have no source"


def test_the_casework_summary_says_what_the_demo_made_up(client_for, sam):
    body = client_for(sam).get(HF).content.decode()
    assert 'class="govuk-inset-text hnb-demo-notice"' in body
    assert MADE_UP in body and NO_SOURCE in body


def test_the_workstream_page_of_the_20_week_measure_says_so_too(client_for, fay, hf):
    workstream = Workstream.objects.get(
        authority=hf, name="Panels, needs assessments and new plans"
    )
    assert workstream.measures.filter(name="EHC plans issued within 20 weeks").exists()
    body = client_for(fay).get(f"/a/hammersmith-fulham/workstreams/{workstream.pk}/")
    assert NO_SOURCE in body.content.decode()
    other = Workstream.objects.filter(authority=hf).exclude(pk=workstream.pk).first()
    other_page = client_for(fay).get(f"/a/hammersmith-fulham/workstreams/{other.pk}/")
    assert "hnb-demo-notice" not in other_page.content.decode()


def test_without_the_demo_notices_real_data_shows_none(client_for, fay, hf):
    DemoNotice.objects.all().delete()
    body = client_for(fay).get(HF).content.decode()
    assert "hnb-demo-notice" not in body and MADE_UP not in body
