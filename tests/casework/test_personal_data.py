"""Spotting personal details in casework notes: examples and non-examples."""

import pytest

from workstreams.casework.personal_data import describe, personal_details


def found(text: str) -> set[tuple[str, str, bool]]:
    return {(f.what, f.text, f.refused) for f in personal_details(text)}


def test_the_council_example_is_refused_and_names_each_detail():
    text = "John Smith, 12 Acacia Avenue, DOB 3/4/2008, phone 07700 900123"
    assert found(text) == {
        ("a phone number", "07700 900123", True),
        ("a date of birth", "DOB 3/4/2008", True),
        ("an address", "12 Acacia Avenue", False),
        ("a name with a date", "John Smith", False),
    }


@pytest.mark.parametrize(
    ("text", "what", "refused"),
    [
        ("Mum's email is jo.bloggs@example.com", "an email address", True),
        ("Call 020 7946 0000 after 4pm", "a phone number", True),
        ("Mobile +44 7700 900123", "a phone number", True),
        ("born 3 April 2008", "a date of birth", True),
        ("Date of birth: 03-04-08", "a date of birth", True),
        ("Lives near W6 9JU", "a postcode", False),
        ("Moved to SW1A 1AA", "a postcode", False),
        ("Placement at 4 Station Road", "an address", False),
        ("Mrs Jones called on 12/05/2024", "a name with a date", False),
        ("Met Amira Khan on 5 June 2024", "a name with a date", False),
    ],
)
def test_what_looks_like_a_personal_detail(text, what, refused):
    assert (what, refused) in {(f.what, f.refused) for f in personal_details(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Review at 10am on 3/4",
        "EHCP and SEN2 returns checked",
        "Case reference PFA-0033, see also EHC/2023/45",
        "Joint casework with Adult Social Care. Discussed at the monthly transition "
        "tracking meeting on 3/4/2026.",
        "Referred to Continuing Health Care panel on 12/05/2024",
        "Budget 2023-24 is 1,234,567 pounds; 20-week rate 82.1%",
        "Phase-transfer review due by 15 February",
        "Year 11 to post-16 in September",
    ],
)
def test_casework_words_dates_without_a_name_and_references_are_not_flagged(text):
    assert personal_details(text) == []


def test_a_name_without_any_full_date_is_not_flagged():
    # Only a name beside a date is taken for an identity; a name alone could be a
    # colleague or a school, and would flag most notes.
    assert personal_details("Discussed with John at Phoenix Academy") == []


def test_findings_in_words():
    findings = personal_details("jo@example.com near W6 9JU")
    assert describe(findings) == "an email address (jo@example.com) and a postcode (W6 9JU)"


def test_long_text_is_read_in_one_pass():
    """100 kB of one character: the email pattern once rescanned the run from every
    position (minutes of CPU per save); it now starts only where a run starts."""
    assert personal_details("a" * 100_000) == []
    assert personal_details("a." * 50_000 + " x@y.org")[0].what == "an email address"
