import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A 4xx (a malformed upload, a bad request) is the client's error: one warning line,
    not a traceback that looks like ours. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and getattr(record, "status_code", 500) < 500:
            exc = record.exc_info[1]
            record.msg = f"{record.msg} [{type(exc).__name__}: {exc}]"
            record.exc_info = None
            record.exc_text = None
        return True
