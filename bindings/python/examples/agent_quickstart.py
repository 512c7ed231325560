"""The agent layer: configure once, open a scope per task, guard the tools.

    python examples/agent_quickstart.py

Exits 0 when every step ends as printed. Audit events go to stderr as JSON lines.
"""

import asyncio

from tenuo import Capability, Pattern, Range, SigningKey, configure, guard, mint, mint_sync
from tenuo.exceptions import AuthorizationDenied, MonotonicityError


@guard(tool="read_file")
def read_file(path: str) -> str:
    return f"<contents of {path}>"


@guard(tool="query_db")
async def query_db(table: str, limit: int = 100) -> str:
    return f"<{limit} rows of {table}>"


def denied(call) -> str:
    try:
        call()
    except AuthorizationDenied as err:
        return str(err)
    raise SystemExit("the call was allowed")


def main() -> None:
    issuer, agent = SigningKey.generate(), SigningKey.generate()
    configure(issuer_key=issuer)          # trusted roots default to the issuer's public key

    print("1. A task scope: read_file under /data/")
    with mint_sync(Capability("read_file", path=Pattern("/data/*")), holder_key=agent, ttl=60):
        print("  ", read_file("/data/q3.pdf"))
        print("   /etc/passwd ->", denied(lambda: read_file("/etc/passwd")))

        print("2. A nested scope can only narrow")
        with mint_sync(Capability("read_file", path=Pattern("/data/reports/*"))):
            print("  ", read_file("/data/reports/q3.pdf"))
            print("   /data/q3.pdf ->", denied(lambda: read_file("/data/q3.pdf")))
        try:
            with mint_sync(Capability("read_file", path=Pattern("/*"))):
                raise SystemExit("a wider nested scope was opened")
        except MonotonicityError:
            print("   a wider nested scope is refused (MonotonicityError)")

    print("3. Outside any scope, guarded calls are denied")
    print("   ->", denied(lambda: read_file("/data/q3.pdf")))

    print("4. Async tools and tasks")

    async def task() -> str:
        async with mint(Capability("query_db", table=Pattern("analytics_*"), limit=Range(0, 500)),
                        holder_key=agent):
            return await query_db("analytics_events")

    print("  ", asyncio.run(task()))
    print("agent_quickstart: OK")


if __name__ == "__main__":
    main()
