# Verbatim from the seed README (see tests/test_seed_readme.py).
configure(issuer_key=key, dev_mode=True, audit_log=False)

from tenuo.audit import audit_logger
audit_logger.configure(enabled=False)  # Disable
audit_logger.configure(use_python_logging=True, logger_name="tenuo")  # Use Python logging
