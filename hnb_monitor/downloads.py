"""A file the user downloads or opens: exports, the Schools Forum paper, DfE returns,
a meeting for the user's calendar."""

from pathlib import PurePath

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Named here rather than guessed: a bare machine may have no system table of types.
CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
}


def download(content: bytes | str, filename: str, *, inline: bool = False) -> HttpResponse:
    """An attachment response (`inline`: opened in the browser, saved under `filename`).
    The files are built in memory or stored, and are small, so a plain response serves
    them."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[PurePath(filename).suffix])
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response
