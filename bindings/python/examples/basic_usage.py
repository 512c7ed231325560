"""Basic usage: keys, a root warrant, delegation, authorization, serialization.

    python examples/basic_usage.py

Exits 0 when every step ends as printed.
"""

from tenuo import Authorizer, Pattern, Range, SigningKey, Warrant
from tenuo.exceptions import ConstraintViolation, MonotonicityError, ToolNotAuthorized


def main() -> None:
    print("1. Keys: the control plane issues, the orchestrator and the worker hold warrants")
    control, orchestrator, worker = (SigningKey.generate() for _ in range(3))
    print(f"   control plane: {control.public_key.to_hex()[:16]}...")

    print("2. A root warrant for the orchestrator")
    root = (Warrant.mint_builder()
            .capability("read_file", path=Pattern("/data/*"))
            .capability("query_db", table=Pattern("analytics_*"), limit=Range(0, 1000))
            .holder(orchestrator.public_key).ttl(3600).mint(control))
    print(f"   tools={root.tools} depth={root.depth}")

    print("3. Delegation: the worker gets read_file on /data/reports/* only, for 5 minutes")
    child = root.grant(to=worker.public_key, allow="read_file", key=orchestrator,
                       path=Pattern("/data/reports/*"), ttl=300)
    print(f"   tools={child.tools} depth={child.depth} ttl<={int(child.ttl_remaining.total_seconds())}s")
    try:
        root.grant(to=worker.public_key, allow="read_file", key=orchestrator, path=Pattern("/*"))
        raise SystemExit("a wider child was granted")
    except MonotonicityError:
        print("   a child wider than its parent is refused (MonotonicityError)")

    print("4. Authorization at the tool: chain from a trusted root, PoP by the worker")
    auth = Authorizer(trusted_roots=[control.public_key])
    args = {"path": "/data/reports/q3.pdf"}
    auth.check_chain([root, child], "read_file", args, signature=child.sign(worker, "read_file", args))
    print("   read_file /data/reports/q3.pdf: allowed")
    for tool, bad, error in (("read_file", {"path": "/data/secrets.txt"}, ConstraintViolation),
                             ("query_db", {"table": "analytics_x", "limit": 1}, ToolNotAuthorized)):
        try:
            auth.check_chain([root, child], tool, bad, signature=child.sign(worker, tool, bad))
            raise SystemExit(f"{tool} {bad} was allowed")
        except error as err:
            print(f"   {tool} {bad}: denied ({type(err).__name__})")

    print("5. Serialization: warrants travel as text")
    text = str(child)
    again = Warrant(text)
    assert again == child and again.tools == ["read_file"]
    print(f"   {len(text)} characters, read back: {again.tools}")
    print("basic_usage: OK")


if __name__ == "__main__":
    main()
