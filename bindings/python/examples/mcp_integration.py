"""An MCP client whose tool calls are authorized before they are sent: SecureMCPClient starts
examples/mcp_server.py over stdio and wraps its tools; the server checks the warrant again.

    pip install "tenuo[mcp]"
    python examples/mcp_integration.py

Runs offline (the server is a local process serving a temporary directory). Exits 0 when every
outcome is the one printed.
"""

import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

from tenuo import Capability, Pattern, SigningKey, configure, mint
from tenuo.exceptions import ConstraintViolation, ToolNotAuthorized
from tenuo.mcp import SecureMCPClient

SERVER = str(Path(__file__).resolve().parent / "mcp_server.py")
issuer = SigningKey.generate()
configure(issuer_key=issuer, dev_mode=True, audit_log=False)


async def main(sandbox: Path) -> None:
    (sandbox / "data").mkdir()
    (sandbox / "data" / "report.txt").write_text("Q3 numbers")
    (sandbox / "secrets.txt").write_text("do not read")
    env = dict(os.environ, MCP_SANDBOX=str(sandbox), MCP_CALL_LOG=str(sandbox / "calls.jsonl"),
               TENUO_TRUSTED_ROOT=issuer.public_key.to_hex())
    async with SecureMCPClient(sys.executable, [SERVER], env=env) as client:
        print("server tools:   ", sorted(client.tools))
        async with mint(Capability("read_file", path=Pattern("/data/*"))):
            text = await client.tools["read_file"](path="/data/report.txt")
            print("allowed:        ", text)
            assert text == "Q3 numbers"
            try:
                await client.tools["read_file"](path="/secrets.txt")
                raise SystemExit("read outside /data/* was allowed")
            except ConstraintViolation:
                print("outside warrant: refused before sending")
            try:
                await client.tools["list_dir"](path="/")
                raise SystemExit("list_dir was allowed")
            except ToolNotAuthorized:
                print("wrong tool:      refused before sending")
    seen = [json.loads(line) for line in (sandbox / "calls.jsonl").read_text().splitlines()]
    print("the server saw: ", seen)
    assert seen == [{"tool": "read_file", "args": {"path": "/data/report.txt"}, "allowed": True}]


with tempfile.TemporaryDirectory() as tmp:
    asyncio.run(main(Path(tmp)))
print("mcp_integration: OK")
