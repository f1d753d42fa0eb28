"""The WSGI handler the site runs under (config/wsgi.py), with one fix to Django's request."""

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


class DirectoryWSGIHandler(WSGIHandler):
    request_class = DirectoryRequest
