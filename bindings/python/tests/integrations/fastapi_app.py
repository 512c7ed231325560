"""The FastAPI app of the FastAPI tests, written once for either implementation of
``tenuo.fastapi``: ours (in the test process) or the reference's (tenuo==0.3.3, in
``ref_fastapi_helper.py``). ``tf`` is the ``tenuo.fastapi`` module to use."""

from __future__ import annotations

from typing import Any, List


def build_app(tf: Any, trusted_issuers: List[Any]) -> Any:
    from fastapi import Depends, FastAPI

    app = FastAPI()
    tf.configure_tenuo(app, trusted_issuers=trusted_issuers)

    @app.get("/search")
    async def search(query: str, limit: int = 5,
                     ctx: tf.SecurityContext = Depends(tf.TenuoGuard("search"))) -> Any:
        return {"tool": ctx.tool, "args": ctx.args, "warrant": ctx.warrant.id}

    @app.get("/files/{path:path}")
    def read_file(path: str, ctx: tf.SecurityContext = Depends(tf.TenuoGuard("read_file"))) -> Any:
        return {"tool": ctx.tool, "args": ctx.args}

    @app.post("/deploy")
    async def deploy(ctx: tf.SecurityContext = Depends(
            tf.TenuoGuard("deploy", extract_args=tf.extract_body_args))) -> Any:
        return {"tool": ctx.tool, "args": ctx.args}

    return app


def send_all(app: Any, requests: List[dict]) -> List[dict]:
    """Each request ``{method, path, params?, json?, headers?}`` -> ``{status, body}``."""
    from fastapi.testclient import TestClient

    out = []
    with TestClient(app) as client:
        for r in requests:
            resp = client.request(r.get("method", "GET"), r["path"], params=r.get("params"),
                                  json=r.get("json"), headers=r.get("headers") or {})
            try:
                body = resp.json()
            except ValueError:
                body = resp.text
            out.append({"status": resp.status_code, "body": body})
    return out
