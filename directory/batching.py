"""Work that signal handlers do after each saved row, done once for a whole batch instead.

Saving a program makes every cached page stale (directory/cache.py) and brings its search
vector up to date (directory/search/). For one edit in admin that is right; for an import of
thousands of rows it was most of the time taken. Inside ``batch()`` those handlers call
``run_or_defer``, which collects what they would do and does it once when the batch ends,
inside the same transaction. Outside a batch it runs at once, as before.
"""

from contextlib import contextmanager
from contextvars import ContextVar

_pending = ContextVar("directory_batch", default=None)
EVERYTHING = None


def run_or_defer(function, using, items=EVERYTHING):
    """Call `function(items, using=using)` (`function(using=using)` for everything) now, or at
    the end of the current batch, once, with every item asked for during it."""
    pending = _pending.get()
    if pending is None:
        _call(function, using, None if items is EVERYTHING else list(items))
        return
    key = (function, using)
    if items is EVERYTHING:
        pending[key] = EVERYTHING
    elif key not in pending or pending[key] is not EVERYTHING:
        pending.setdefault(key, set()).update(items)


def _call(function, using, items):
    if items is None:
        function(using=using)
    else:
        function(items, using=using)


@contextmanager
def batch(run=True):
    """Defer the handlers' work to the end of the block (nested blocks join the outer one).
    With run=False the work is dropped: for a dry run whose changes are rolled back."""
    if _pending.get() is not None:
        yield
        return
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    if run:
        for (function, using), items in pending.items():
            _call(function, using, None if items is EVERYTHING else sorted(items))
