# Verbatim from the seed README (see tests/test_seed_readme.py).
from tenuo import diagnose

diagnose(warrant)
# Prints: ID, TTL, constraints, tools, etc.
