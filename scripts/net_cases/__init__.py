"""Helpers of scripts/gen_constraint_cases_net.py: CBOR encoding, case pools and the model of
libtenuo's deliberate divergences from the reference."""
