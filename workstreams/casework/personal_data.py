"""Spotting personal details in casework text: plain Python, no Django.

Case records identify a young person by the council's case reference only, so notes must
hold no name, address, date of birth, phone number or email address. A pattern can only
suggest one, so the findings come in two strengths:

- `refused`: an email address, a phone number or a date marked as a date of birth. These
  are unambiguous and nothing in casework needs them: the save is refused.
- otherwise a warning: a UK postcode, a street address, or a name next to a full date.
  Each can be a false alarm (a team's name, a school's address), so the save is held
  until the person confirms that the notes hold no personal details.

Things that must not be flagged: times and day/month dates without a year ("Review at
10am on 3/4"), capitalised abbreviations ("EHCP", "SEN2"), case references ("PFA-0033").
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    what: str  # in words, for the message: "an email address"
    text: str  # what was matched, so the person can find it
    refused: bool


# Starting only where a run of address characters starts keeps the search linear: from
# every position inside a long run it would otherwise rescan the run (100 kB: minutes).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A run that starts like a UK number (0 or +44) and is made of digits, spaces and
# hyphens; its digits are counted below. Not after a letter, digit, hyphen or slash, so
# case references ("PFA-0033", "EHC/2023/45") are never read as one.
PHONE = re.compile(r"(?<![\w/-])(?:\+44|0)[\d ()-]{8,16}\d")
POSTCODE = re.compile(r"\b(?:GIR 0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b")
STREET_SUFFIXES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Court|Gardens|Place|Crescent|"
    "Grove|Terrace|Square|Mews|Walk|Hill|Park|Row|Rise|Estate"
)
ADDRESS = re.compile(rf"\b\d{{1,4}}[A-Za-z]?,? (?:[A-Z][a-z']+ ){{1,3}}(?:{STREET_SUFFIXES})\b")
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# A full date: with a year, in figures (3/4/2008, 03-04-08) or words (3 April 2008).
FULL_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:{MONTHS}) \d{{4}})"
)
DATE = re.compile(rf"(?<![\w/-]){FULL_DATE}")
BIRTH_DATE = re.compile(
    rf"\b(?:DOB|D\.O\.B\.?|date of birth|born(?: on)?)\s*[:.,-]?\s*{FULL_DATE}", re.IGNORECASE
)
# Someone's name: a title and a surname, or two or three capitalised words in a row.
TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? [A-Z][a-z'-]+")
CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z'-]+(?: [A-Z][a-z'-]+){1,2}\b")
# Capitalised words of casework that are not anyone's name.
NOT_NAMES = frozenset(
    """
    Adult Adults Social Care Health Continuing Education Employment Higher Preparing
    Adulthood Annual Review Reviews Panel Plan Plans Team Leader Officer Council Borough
    School Schools College University Service Services Children Childrens Family Families
    Transition Transitions Tracking Meeting Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday January February March April May June July August September October
    November December The This That Joint Discussed Referred Awaiting Agreed Case Cases
    Casework Provision Pathway Cohort Needs Special Educational Disabilities Local Offer
    Integrated Board Mental Independent Living Supported Internship Apprenticeship
    Further Post Phase Transfer Safety Valve High Block Forum Parent Parents Carer Carers
    London Hammersmith Fulham Cambridgeshire Tower Hamlets
    """.split()
)


def looks_like_name(words: str) -> bool:
    return not any(word in NOT_NAMES for word in words.split())


def is_phone_number(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    if text.startswith("+44"):
        return len(digits) in (11, 12)
    return len(digits) in (10, 11)


def personal_details(text: str) -> list[Finding]:
    """What in `text` looks like a personal detail, refused ones first."""
    findings = [Finding("an email address", m.group(), True) for m in EMAIL.finditer(text)]
    without_email = EMAIL.sub(" ", text)
    findings += [
        Finding("a phone number", m.group().strip(), True)
        for m in PHONE.finditer(without_email)
        if is_phone_number(m.group())
    ]
    findings += [Finding("a date of birth", m.group(), True) for m in BIRTH_DATE.finditer(text)]
    findings += [Finding("a postcode", m.group(), False) for m in POSTCODE.finditer(text)]
    findings += [Finding("an address", m.group(), False) for m in ADDRESS.finditer(text)]
    if DATE.search(text):
        # A street's words are the address's, not a second finding.
        rest = ADDRESS.sub(" ", text)
        names = [m.group() for m in TITLED_NAME.finditer(rest)]
        names += [m.group() for m in CAPITALISED_RUN.finditer(rest) if looks_like_name(m.group())]
        findings += [Finding("a name with a date", name, False) for name in names]
    return list(dict.fromkeys(findings))


def describe(findings: list[Finding]) -> str:
    """The findings in words: "an email address (jo@example.com) and a postcode (W6 9JU)"."""
    parts = [f"{finding.what} ({finding.text})" for finding in findings]
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
