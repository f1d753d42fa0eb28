"""The WSGI handler the site runs under (config/wsgi.py), with two fixes to Django's request."""

from django.core.exceptions import BadRequest
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest


class DirectoryRequest(WSGIRequest):
    """Django's WSGIRequest, made safe against a charset in Content-Type.

    Django sets `encoding` while building the request when Content-Type names a charset, and
    its setter uses `hasattr(self, "GET")`, which parses the query string. A query string with
    more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields then raises TooManyFieldsSent before any
    middleware runs, so the server answers 500 instead of 400. Here the setter only drops a
    parsed query string that already exists; parsing happens later, inside the handler that
    turns TooManyFieldsSent into a 400.
    """

    @property
    def encoding(self):
        return self._encoding

    @encoding.setter
    def encoding(self, value):
        self._encoding = value
        self.__dict__.pop("GET", None)
        if hasattr(self, "_post"):
            del self._post

    def _load_post_and_files(self):
        """A form body Django refuses (urlencoded with a charset other than UTF-8) reads as an
        empty form from then on, as Django already does for a broken multipart body: the CSRF
        check and the error pages read request.POST again, and each re-read raised anew until
        the 400 became a 500."""
        try:
            super()._load_post_and_files()
        except BadRequest:
            self._mark_post_parse_error()
            raise


class DirectoryWSGIHandler(WSGIHandler):
    request_class = DirectoryRequest
