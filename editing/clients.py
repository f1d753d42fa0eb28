"""Who is asking: the client address that login lockout and the suggestion rate limit count."""

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_ip(request):
    """REMOTE_ADDR, or behind a TLS proxy (DJANGO_BEHIND_TLS_PROXY=1) the address the proxy
    appended last to X-Forwarded-For: the only entry a client cannot forge."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def client_digest(request):
    """The client address as a keyed digest: the same for one client, useless to anyone who
    reads the database without the secret key."""
    return salted_hmac("editing.client", client_ip(request), algorithm="sha256").hexdigest()
