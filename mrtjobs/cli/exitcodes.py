"""Exit codes, documented in README ("Exit codes"): cron jobs and scripts branch on them."""

OK = 0
ERROR = 1  # a library error: bad file, bad config, unreadable database ...
USAGE = 2  # bad command-line usage (typer/click's own code)
PARTIAL = 3  # a crawl or import finished, but some sources or files failed
LOCKED = 4  # another crawl holds the lock on this database
INTERRUPTED = 130
