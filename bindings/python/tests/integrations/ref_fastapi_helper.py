"""Runs inside a REFERENCE venv that also has FastAPI (see integ_env.reference_fastapi_python):
the interop helper (tests/interop/ref_helper.py, same JSON-lines protocol and ops) plus
``fastapi_decide``: send requests to fastapi_app.build_app on the reference's own
``tenuo.fastapi`` and answer each one's status and body."""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
sys.path.insert(0, HERE)

import ref_helper  # noqa: E402  (redirects stdout; only the protocol writes there)
import tenuo.fastapi as ref_fastapi  # noqa: E402

import fastapi_app  # noqa: E402


def op_fastapi_decide(req: dict) -> dict:
    roots = [ref_helper.pk(r) for r in req["roots"]]
    app = fastapi_app.build_app(ref_fastapi, roots)
    return {"responses": fastapi_app.send_all(app, req["requests"])}


ref_helper.OPS["fastapi_decide"] = op_fastapi_decide

if __name__ == "__main__":
    ref_helper.main()
