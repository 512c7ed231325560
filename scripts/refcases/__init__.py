"""Shared pieces of the differential case generators (scripts/gen_constraint_cases_*.py): the
reference's CBOR dialect (`cbor`) and the harness that splices a constraint into a
reference-minted warrant and asks the reference to decide (`harness`). Runs inside the reference's
Python (tenuo 0.3.3)."""
