"""Errors raised by the matcher; the CLI turns them into one-line messages."""


class MatcherError(Exception):
    """Base class of matcher errors."""


class ProfileError(MatcherError):
    """A profile TOML file is invalid; the message names the file and the key."""
