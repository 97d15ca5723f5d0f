"""One print stylesheet for every page: static/hnb/print.css, linked with media="print"."""

from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static" / "hnb"


def test_every_page_links_the_print_stylesheet(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="stylesheet" href="/static/hnb/print.css" media="print">' in page


def test_print_rules_live_in_print_css_only():
    # Linked with media="print", so it needs no @media block of its own; no other
    # stylesheet of ours carries print rules.
    assert "@media" not in (STATIC / "print.css").read_text()
    others = [path for path in STATIC.glob("*.css") if path.name != "print.css"]
    assert others
    for path in others:
        assert "@media print" not in path.read_text(), path.name
