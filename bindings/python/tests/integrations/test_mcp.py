"""tenuo.mcp against a real MCP server (examples/mcp_server.py, the mcp SDK's FastMCP) spawned
over stdio: guarded calls inside a scope succeed; calls outside it or with disallowed
arguments never reach the server (its call log proves it); the server's MCPVerifier checks
the warrant and proof sent in ``_meta.tenuo``."""

from __future__ import annotations

import asyncio
import json

from integ_env import PACKAGE_ROOT, require_frameworks, subprocess_env, venv_python

require_frameworks()

import pytest  # noqa: E402

from tenuo import (Capability, ConstraintViolation, Pattern, SigningKey, ToolNotAuthorized,  # noqa: E402
                   Warrant, configure, mint)
from tenuo.mcp import MCPToolCallError, MCPVerifier, SecureMCPClient  # noqa: E402

SERVER = str(PACKAGE_ROOT / "examples" / "mcp_server.py")


@pytest.fixture
def sandbox(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "file.txt").write_text("hello from /data")
    (tmp_path / "secret.txt").write_text("top secret")
    return tmp_path


def server_env(sandbox, root=None):
    extra = {"MCP_SANDBOX": str(sandbox), "MCP_CALL_LOG": str(sandbox / "calls.jsonl")}
    if root is not None:
        extra["TENUO_TRUSTED_ROOT"] = root.to_hex()
    return subprocess_env(**extra)


def calls(sandbox):
    log = sandbox / "calls.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_seed_readme_snippet(sandbox, audit_events):
    issuer = SigningKey.generate()
    configure(issuer_key=issuer, dev_mode=True)

    async def main():
        # The README block; the server path and environment are the test's.
        async with SecureMCPClient(str(venv_python()), [SERVER],
                                   env=server_env(sandbox, issuer.public_key)) as client:
            tools = client.tools  # All tools wrapped with Tenuo
            assert set(tools) == {"read_file", "list_dir"}

            async with mint(Capability("read_file", path=Pattern("/data/*"))):
                result = await tools["read_file"](path="/data/file.txt")
            assert result == "hello from /data"

            async with mint(Capability("read_file", path=Pattern("/data/*"))):
                with pytest.raises(ConstraintViolation):
                    await tools["read_file"](path="/secret.txt")
                with pytest.raises(ToolNotAuthorized):
                    await tools["list_dir"](path="/data")
            with pytest.raises(ToolNotAuthorized):          # outside every scope
                await tools["read_file"](path="/data/file.txt")
            async with mint(Capability("list_dir", path=Pattern("/data*"))):
                assert await tools["list_dir"](path="/data") == ["file.txt"]

    asyncio.run(main())
    # Only the two allowed calls reached the server, and it verified both.
    assert calls(sandbox) == [
        {"tool": "read_file", "args": {"path": "/data/file.txt"}, "allowed": True},
        {"tool": "list_dir", "args": {"path": "/data"}, "allowed": True},
    ]
    actions = [(e.get("tool"), e["action"]) for e in audit_events]
    assert ("read_file", "denied") in actions and ("list_dir", "denied") in actions


def test_server_refuses_calls_without_a_valid_envelope(sandbox):
    issuer, other = SigningKey.generate(), SigningKey.generate()
    configure(issuer_key=issuer, dev_mode=True, audit_log=False)

    async def main():
        env = server_env(sandbox, issuer.public_key)
        # A client that does not send the envelope: authorized locally, refused by the server.
        async with SecureMCPClient(str(venv_python()), [SERVER], env=env,
                                   inject_warrant=False) as client:
            async with mint(Capability("read_file", path=Pattern("/data/*"))):
                with pytest.raises(MCPToolCallError, match="Access denied"):
                    await client.tools["read_file"](path="/data/file.txt")
        # A server that trusts another issuer refuses our warrants.
        async with SecureMCPClient(str(venv_python()), [SERVER],
                                   env=server_env(sandbox, other.public_key)) as client:
            async with mint(Capability("read_file", path=Pattern("/data/*"))):
                with pytest.raises(MCPToolCallError, match="Access denied"):
                    await client.tools["read_file"](path="/data/file.txt")

    asyncio.run(main())
    assert [c["allowed"] for c in calls(sandbox)] == [False, False]


def test_verifier_directly():
    issuer, agent = SigningKey.generate(), SigningKey.generate()
    w = (Warrant.mint_builder().capability("read_file", path=Pattern("/data/*"))
         .holder(agent.public_key).ttl(60).mint(issuer))
    import base64

    from tenuo import encode_warrant_stack
    args = {"path": "/data/x"}
    meta = {"tenuo": {"warrant": encode_warrant_stack([w]),
                      "signature": base64.b64encode(bytes(w.sign(agent, "read_file", args))).decode()}}
    verifier = MCPVerifier(trusted_roots=[issuer.public_key])
    ok = verifier.verify("read_file", args, meta)
    assert ok.allowed and ok.clean_arguments == args and ok.warrant_id == w.id
    # The same envelope in the reserved argument carrier is accepted and removed.
    ok2 = verifier.verify("read_file", {**args, "_tenuo": meta["tenuo"]}, None)
    assert ok2.allowed and ok2.clean_arguments == args
    bad = verifier.verify("read_file", {"path": "/data/y"}, meta)     # proof for other args
    assert not bad.allowed and bad.error_code == -32001 and bad.ref
    assert bad.to_jsonrpc_error() == {"code": -32001, "message": f"Access denied (ref: {bad.ref})"}
    assert not verifier.verify("read_file", args, None).allowed
    assert not verifier.verify("read_file", args, {"tenuo": {"warrant": "x", "signature": "y"}}).allowed
    with pytest.raises(Exception):
        bad.raise_if_denied()
