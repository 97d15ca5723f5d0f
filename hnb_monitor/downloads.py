"""A file the user downloads or opens: exports, the Schools Forum paper, DfE returns,
a meeting for the user's calendar."""

import tempfile
from collections.abc import Callable
from pathlib import PurePath
from typing import BinaryIO

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

# Named here rather than guessed: a bare machine may have no system table of types.
CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
}
# A file written for a download stays in memory up to this size, and goes to disk past it.
IN_MEMORY_UP_TO = 4 * 1024 * 1024
BLOCK_SIZE = 64 * 1024


def download(content: bytes | str, filename: str, *, inline: bool = False) -> HttpResponse:
    """An attachment response (`inline`: opened in the browser, saved under `filename`).
    The files are built in memory or stored, and are small, so a plain response serves
    them."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[PurePath(filename).suffix])
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def written_download(write: Callable[[BinaryIO], None], filename: str) -> FileResponse:
    """An attachment that `write(file)` writes into a temporary file, served from that file
    a block at a time: an export as large as the case list is never held in memory whole,
    let alone twice. The file goes when the response is closed."""
    file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_UP_TO)
    try:
        write(file)
        file.seek(0)
    except BaseException:
        file.close()
        raise
    response = FileResponse(
        file,
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[PurePath(filename).suffix],
    )
    response.block_size = BLOCK_SIZE
    return response
