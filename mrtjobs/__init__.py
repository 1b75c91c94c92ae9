"""mrtjobs: find, read and rank Medical Records Technician job postings.

This package is the composition root: the only place that wires scraper, skills_taxonomy,
matcher and storage together.
"""

__version__ = "0.1.0"
