"""Matcher: explainable ranking of postings against a profile, gaps and skill leverage.

Pure: imports only ``skills_taxonomy.taxonomy``/``.extraction`` and the standard library,
so it can be tested without a database, a network or a spaCy model.
"""

from matcher.errors import MatcherError, ProfileError
from matcher.facts import PostingFacts, find_alternatives
from matcher.gaps import Gap, Leverage, gaps, leverage
from matcher.profile import Holding, Preferences, Profile, load_profile, parse_profile, profile_template
from matcher.scoring import Match, Point, Scorer, rank, score

__all__ = [
    "Gap", "Holding", "Leverage", "Match", "MatcherError", "Point", "PostingFacts", "Preferences",
    "Profile", "ProfileError", "Scorer", "find_alternatives", "gaps", "leverage", "load_profile",
    "parse_profile", "profile_template", "rank", "score",
]
