"""How uploaded files are received."""

import os

from django.core.files import uploadhandler

# Enough for any real extension, and short enough to name a file on any file system.
LONGEST_EXTENSION = 16


class TemporaryFileUploadHandler(uploadhandler.TemporaryFileUploadHandler):
    """Django's, for an upload too large to keep in memory, but safe for any file name.

    Django names the temporary file "tmpXXXXXXXX.upload" plus the upload's extension, so an
    upload named like "report.xxx…" (an extension of over 240 bytes) failed with "File name
    too long", a 500, before any form could refuse it. The extension is cut short here; the
    forms keep only the name's stem anyway (a report is always served as ".pdf")."""

    def new_file(self, field_name, file_name, *args, **kwargs):
        stem, extension = os.path.splitext(file_name)
        super().new_file(field_name, stem + extension[:LONGEST_EXTENSION], *args, **kwargs)
