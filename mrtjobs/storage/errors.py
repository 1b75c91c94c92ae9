"""Storage errors: turned into one-line messages by the CLI's error boundary."""


class StorageError(Exception):
    """The database could not be opened, read or written."""


class CrawlLockedError(StorageError):
    """Another crawl holds the lock on this database."""
