"""A file the user downloads: exports of the forecast and of the case list."""

from pathlib import PurePath

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Named here rather than guessed: a bare machine may have no system table of types.
CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
}


def download(content: bytes | str, filename: str) -> HttpResponse:
    """An attachment response. The exports are built in memory and are small, so a plain
    response serves them."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[PurePath(filename).suffix])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
