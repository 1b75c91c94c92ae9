"""Errors raised by the application layer (configuration, paths, wiring)."""


class AppError(Exception):
    """A problem the user can fix: a bad option value, a missing file, a bad config."""


class ConfigError(AppError):
    """A configuration file (sources TOML ...) is invalid; the message names file and key."""
