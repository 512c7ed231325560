"""Helpers of scripts/gen_constraint_cases_network.py: CBOR encoding, case pools and the model of
libtenuo's deliberate divergences from the reference."""
