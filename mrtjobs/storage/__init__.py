"""Storage: the only package that imports sqlite_utils (see README, "Data model")."""

from mrtjobs.storage.errors import CrawlLockedError, StorageError
from mrtjobs.storage.lock import exclusive_lock
from mrtjobs.storage.store import Store, UpsertResult, open_store, utc_now

__all__ = [
    "CrawlLockedError",
    "StorageError",
    "Store",
    "UpsertResult",
    "exclusive_lock",
    "open_store",
    "utc_now",
]
