from django.db import models


class DirectoryVersion(models.Model):
    """One row whose token changes with every change to directory data.

    Cached pages carry the token in their cache key, so a change makes every cached page stale
    at once, in every app process, whatever the cache backend (see config/cache.py). The token
    is random, never a counter, so a key can never be reused after a reset or a restore.
    """

    token = models.CharField(max_length=32)
    changed = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"directory version {self.token} ({self.changed:%Y-%m-%d %H:%M})"
