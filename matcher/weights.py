"""The published numbers behind every score (documented in README, "Matching").

Kept as named constants in one place so that a user who asks "why 0.5 for Cerner on an
Epic posting?" finds the answer in one file, and so that tests can refer to the names
instead of repeating numbers.
"""

from __future__ import annotations

# -- how much each requirement weighs, by level (required > preferred > merely mentioned)
WEIGHT_REQUIRED = 3.0
WEIGHT_PREFERRED = 1.0
WEIGHT_MENTIONED = 0.5
LEVEL_WEIGHTS = {"required": WEIGHT_REQUIRED, "preferred": WEIGHT_PREFERRED, "mentioned": WEIGHT_MENTIONED}

# -- multiplier by kind: a credential counts more than a soft skill named in passing
KIND_FACTORS = {
    "certification": 1.5,
    "coding_system": 1.0,
    "software": 1.0,
    "regulation": 1.0,
    "domain_knowledge": 1.0,
    "soft_skill": 0.5,
}

# -- partial credit through the taxonomy
CREDIT_EXACT = 1.0  # the same entry, or an equivalent one (Cerner = Oracle Health)
CREDIT_IMPLIED = 0.9  # the user's credential/skill covers it (CCS-P covers CPT; Epic covers "an EHR")
CREDIT_FAMILY = 0.5  # same family: Cerner for an Epic posting, CPC for a CCS posting
CREDIT_PARENT = 0.25  # the user only names the parent category ("EHR") of what is asked (Epic)
CREDIT_NONE = 0.0
MATCH_TYPES = ("exact", "equivalent", "implied", "family", "parent", "none")
MATCH_CREDITS = {
    "exact": CREDIT_EXACT,
    "equivalent": CREDIT_EXACT,
    "implied": CREDIT_IMPLIED,
    "family": CREDIT_FAMILY,
    "parent": CREDIT_PARENT,
    "none": CREDIT_NONE,
}
# match types that satisfy a required-certification gate
GATE_SATISFYING = frozenset({"exact", "equivalent", "implied"})

# -- certification status: a credential not yet earned earns part of the credit (and a flag)
STATUS_FACTORS = {"earned": 1.0, "in_progress": 0.5, "eligible": 0.3}

# -- gate: a missing required certification caps the score
INELIGIBLE_SCORE_CAP = 40.0

# -- experience and education, graded by the shortfall
WEIGHT_EXPERIENCE_REQUIRED = 3.0
WEIGHT_EXPERIENCE_PREFERRED = 1.0
EXPERIENCE_PENALTY_PER_YEAR = 0.25  # credit lost per year short (floored at 0)
WEIGHT_EDUCATION = 2.0
EDUCATION_PENALTY_PER_LEVEL = 0.4  # credit lost per education level short
EDUCATION_EQUIVALENT_CREDIT = 0.6  # "or equivalent experience" with >= 2 years per level short
EQUIVALENT_YEARS_PER_LEVEL = 2.0
EDUCATION_ORDER = ("high_school", "certificate", "associate", "bachelor", "master")

# -- apply threshold: worth applying when eligible and the score reaches this
APPLY_THRESHOLD = 60.0

# -- skill-map alignment: how a hit on one guide bullet counts, by the posting's level
ALIGNMENT_LEVEL_WEIGHTS = {"required": 1.0, "preferred": 0.75, "mentioned": 0.5}

# -- pay
HOURS_PER_YEAR = 2080
PERIODS_PER_YEAR = {"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1}

# -- leverage: how many greedy "learn in this order" steps are ranked
GREEDY_STEPS = 10
