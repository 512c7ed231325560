"""The agent layer (issue #10): configure, scopes, @guard, aliases, KeyRegistry, Keyring.

Every decision here is made by the library through ``Authorizer.check_chain``; these tests
check that the layer carries the right warrant, key, chain and arguments there, and that it
fails closed (no scope, half configuration, nested widening).
"""

from __future__ import annotations

import asyncio
import pickle
import threading

import pytest

import tenuo
from tenuo import (Authorizer, Capability, ConfigurationError, KeyRegistry, Keyring, Pattern,
                   Range, SigningKey, Warrant, chain_scope, configure, guard, key_scope, lockdown,
                   load_tenuo_keys, mint, mint_sync, protect_tools, root_task, scoped_task,
                   warrant_scope)
from tenuo.audit import audit_logger
from tenuo.config import reset_config
from tenuo.exceptions import (AuthorizationDenied, MonotonicityError, ScopeViolation, TenuoError)


@pytest.fixture(autouse=True)
def clean_state():
    reset_config()
    audit_logger.set_enabled(False)
    yield
    reset_config()
    audit_logger.configure(enabled=False)
    KeyRegistry.reset_instance()


@pytest.fixture
def issuer():
    key = SigningKey.generate()
    configure(issuer_key=key, dev_mode=True, audit_log=False)
    return key


@guard(tool="search")
def search(query: str, limit: int = 10) -> str:
    return f"{query}:{limit}"


# -- configure ---------------------------------------------------------------------------------

def test_configure_refuses_half_configured_states():
    issuer = SigningKey.generate()
    with pytest.raises(ConfigurationError, match="issuer_key .* or\\s+trusted_roots|needs issuer_key"):
        configure()
    with pytest.raises(ConfigurationError, match="dev_mode=True needs issuer_key"):
        configure(dev_mode=True)
    with pytest.raises(ConfigurationError, match="trusted_roots is empty"):
        configure(issuer_key=issuer, trusted_roots=[])
    with pytest.raises(ConfigurationError, match="public keys"):
        configure(issuer_key=issuer, trusted_roots=[issuer])
    with pytest.raises(ConfigurationError, match="SigningKey"):
        configure(issuer_key=issuer.public_key)
    with pytest.raises(ConfigurationError, match="default_ttl"):
        configure(issuer_key=issuer, default_ttl=0)
    assert not tenuo.is_configured()


def test_configure_defaults_roots_to_the_issuer_and_hides_the_key():
    issuer = SigningKey.generate()
    configure(issuer_key=issuer)
    cfg = tenuo.get_config()
    assert cfg.trusted_roots == (issuer.public_key,) and not cfg.dev_mode
    assert issuer.to_hex() not in repr(cfg)


def test_guard_before_configure_is_a_configuration_error():
    key = SigningKey.generate()
    w = Warrant.mint_builder().tool("search").holder(key.public_key).ttl(60).mint(key)
    with w.bind(key):
        with pytest.raises(ConfigurationError, match="not configured"):
            search(query="x")


def test_without_dev_mode_a_scope_needs_a_holder_key():
    issuer, agent = SigningKey.generate(), SigningKey.generate()
    configure(issuer_key=issuer)
    with pytest.raises(ConfigurationError, match="holder_key"):
        with mint_sync(Capability("search")):
            pass
    with mint_sync(Capability("search"), holder_key=agent) as w:
        assert w.holder == agent.public_key and w.issuer == issuer.public_key
        assert search(query="q") == "q:10"


def test_mint_without_issuer_or_capabilities_is_refused():
    configure(trusted_roots=[SigningKey.generate().public_key])
    with pytest.raises(ConfigurationError, match="issuer key"):
        with mint_sync(Capability("search"), holder_key=SigningKey.generate()):
            pass
    configure(issuer_key=SigningKey.generate(), dev_mode=True)
    with pytest.raises(ConfigurationError, match="at least one Capability"):
        with mint_sync():
            pass


# -- scopes and the guard ----------------------------------------------------------------------

def test_scope_sets_warrant_key_and_restores(issuer):
    assert warrant_scope() is None and key_scope() is None
    with mint_sync(Capability("search", query=Pattern("weather *")), ttl=120) as w:
        assert warrant_scope() is w and key_scope().public_key == w.holder
        assert w.issuer == issuer.public_key and w.holder != issuer.public_key  # ephemeral
        assert w.ttl_remaining.total_seconds() <= 120
        assert chain_scope() == [w]
    assert warrant_scope() is None


def test_guard_allows_and_denies_with_opaque_error(issuer):
    with mint_sync(Capability("search", query=Pattern("weather *"), limit=Range(0, 10))):
        assert search(query="weather NYC") == "weather NYC:10"      # default included
        assert search("weather Oslo", 5) == "weather Oslo:5"        # positional
        with pytest.raises(AuthorizationDenied) as e:
            search(query="stock prices")
        assert str(e.value).startswith("Authorization denied (ref: ")
        assert "stock" not in str(e.value) and "Pattern" not in str(e.value)
        assert len(e.value.ref) == 8
        with pytest.raises(AuthorizationDenied):
            search(query="weather NYC", limit=11)                   # default overridden


def test_guard_never_calls_the_function_when_denied(issuer):
    calls = []

    @guard(tool="delete")
    def delete(target: str) -> None:
        calls.append(target)

    with mint_sync(Capability("search")):
        with pytest.raises(AuthorizationDenied):
            delete("users")
    assert calls == []


def test_guarded_call_outside_any_scope_is_denied(issuer):
    with pytest.raises(AuthorizationDenied, match=r"Authorization denied \(ref: [0-9a-f]{8}\)"):
        search(query="weather NYC")
    with pytest.raises(ScopeViolation):  # AuthorizationDenied is a ScopeViolation, as in the SDK
        search(query="weather NYC")


def test_expose_error_details_shows_the_reason():
    configure(issuer_key=SigningKey.generate(), dev_mode=True, audit_log=False,
              expose_error_details=True)
    with mint_sync(Capability("search", query=Pattern("weather *"), limit=Range(0, 10))):
        with pytest.raises(AuthorizationDenied, match="query"):
            search(query="stock prices")


def test_guard_decides_with_the_configured_roots_not_the_warrants_issuer(issuer):
    # A warrant signed by someone else is refused even though its own PoP is fine.
    rogue = SigningKey.generate()
    w = Warrant.mint_builder().tool("search").holder(rogue.public_key).ttl(60).mint(rogue)
    with w.bind(rogue):
        with pytest.raises(AuthorizationDenied):
            search(query="anything")


def test_guard_with_a_key_that_is_not_the_holder_is_denied(issuer):
    w = (Warrant.mint_builder().tool("search").holder(SigningKey.generate().public_key).ttl(60)
         .mint(issuer))
    with w.bind(SigningKey.generate()):
        with pytest.raises(AuthorizationDenied):
            search(query="x")


def test_bound_warrant_context_manager_nests_and_restores(issuer):
    key = SigningKey.generate()
    narrow = (Warrant.mint_builder().capability("search", query=Pattern("a*"), limit=Range(0, 100))
              .holder(key.public_key).ttl(60).mint(issuer))
    wide = (Warrant.mint_builder().capability("search", query=Pattern("*"), limit=Range(0, 100))
            .holder(key.public_key).ttl(60).mint(issuer))
    bound = narrow.bind(key)
    with bound as b:
        assert b is bound and warrant_scope() is narrow
        with pytest.raises(AuthorizationDenied):
            search(query="bcd")
        with wide.bind(key):
            assert search(query="bcd") == "bcd:10"
        assert warrant_scope() is narrow
    assert warrant_scope() is None


def test_nested_scope_narrows_and_cannot_widen(issuer):
    with mint_sync(Capability("search", query=Pattern("weather *"), limit=Range(0, 10))) as outer:
        with mint_sync(Capability("search", query=Pattern("weather NYC*"))) as inner:
            assert inner.depth == 1 and chain_scope() == [outer, inner]
            assert search(query="weather NYC today") == "weather NYC today:10"
            with pytest.raises(AuthorizationDenied):
                search(query="weather Oslo")          # allowed by outer, not by inner
        with pytest.raises(MonotonicityError):
            with mint_sync(Capability("search", query=Pattern("*"))):
                pass
        with pytest.raises(TenuoError):
            with scoped_task(Capability("delete")):  # a tool the outer scope lacks
                pass
        assert warrant_scope() is outer
        assert search(query="weather Oslo") == "weather Oslo:10"


def test_scoped_task_needs_an_enclosing_scope_and_root_task_mints_a_root(issuer):
    with pytest.raises(ScopeViolation):
        with scoped_task(Capability("search")):
            pass
    with root_task(Capability("search", query=Pattern("weather *"), limit=Range(0, 10))) as root:
        assert root.depth == 0 and root.issuer == issuer.public_key
        with scoped_task(Capability("search", query=Pattern("weather NYC"))) as child:
            assert child.depth == 1
            assert search(query="weather NYC") == "weather NYC:10"
            with root_task(Capability("search")) as again:   # a root task is a root
                assert again.depth == 0


def test_threads_see_only_their_own_scope(issuer):
    results, barrier = {}, threading.Barrier(2)

    def run(name: str, pattern: str, allowed: str, refused: str) -> None:
        try:
            assert warrant_scope() is None             # a new thread starts outside any scope
            with mint_sync(Capability("search", query=Pattern(pattern), limit=Range(0, 10))) as w:
                barrier.wait(5)                         # both scopes open at once
                ok = search(query=allowed)
                try:
                    search(query=refused)
                    denied = False
                except AuthorizationDenied:
                    denied = True
                results[name] = (warrant_scope() is w, ok, denied)
                barrier.wait(5)
        except Exception as err:  # noqa: BLE001
            results[name] = err

    a = threading.Thread(target=run, args=("a", "alpha*", "alpha 1", "beta 1"))
    b = threading.Thread(target=run, args=("b", "beta*", "beta 2", "alpha 2"))
    a.start(); b.start(); a.join(); b.join()
    assert results == {"a": (True, "alpha 1:10", True), "b": (True, "beta 2:10", True)}
    assert warrant_scope() is None


def test_asyncio_tasks_see_only_their_own_scope(issuer):
    @guard(tool="fetch")
    async def fetch(url: str) -> str:
        await asyncio.sleep(0)
        return url

    async def task(prefix: str, other: str, started: asyncio.Event, go: asyncio.Event):
        async with mint(Capability("fetch", url=Pattern(prefix + "*"))) as w:
            started.set()
            await go.wait()                            # the other task's scope is open now
            assert warrant_scope() is w
            got = await fetch(url=prefix + "x")
            with pytest.raises(AuthorizationDenied):
                await fetch(url=other + "x")
            return got

    async def main():
        s1, s2, go = asyncio.Event(), asyncio.Event(), asyncio.Event()
        t1 = asyncio.create_task(task("https://a/", "https://b/", s1, go))
        t2 = asyncio.create_task(task("https://b/", "https://a/", s2, go))
        await s1.wait(); await s2.wait(); go.set()
        out = await asyncio.gather(t1, t2)
        assert warrant_scope() is None
        with pytest.raises(AuthorizationDenied):       # outside any scope
            await fetch(url="https://a/x")
        return out

    assert asyncio.run(main()) == ["https://a/x", "https://b/x"]


def test_guard_forms_lockdown_and_protect_tools(issuer):
    @guard
    def ping() -> str:
        return "pong"

    @guard("read_file")
    def read(path: str) -> str:
        return path

    @lockdown(tool="send_email", mapping={"address": "to"})
    def send(address: str) -> str:
        return address

    def calculator(expression: str) -> str:
        return expression

    class Tool:
        name = "lookup"

        def func(self, key: str) -> str:
            return key

    tools = protect_tools([calculator, Tool()])
    with mint_sync(Capability("ping"), Capability("read_file", path=Pattern("/data/*")),
                   Capability("send_email", to=Pattern("*@example.com")),
                   Capability("calculator"), Capability("lookup")):
        assert ping() == "pong" and read("/data/a") == "/data/a"
        assert send("bob@example.com") == "bob@example.com"
        with pytest.raises(AuthorizationDenied):
            send("eve@evil.test")
        assert tools[0]("1+1") == "1+1" and tools[1](key="k") == "k"
    with pytest.raises(AuthorizationDenied):
        tools[0]("1+1")


# -- KeyRegistry, load_tenuo_keys, Keyring ------------------------------------------------------

def test_key_registry_namespaces_and_no_key_material():
    reg = KeyRegistry.get_instance()
    assert KeyRegistry.get_instance() is reg
    a, b, w = SigningKey.generate(), SigningKey.generate(), SigningKey.generate()
    reg.register("worker", w)
    reg.register("api", a, namespace="tenant-a")
    reg.register("api", b, namespace="tenant-b")
    assert reg.get("worker") is w
    assert reg.get("api", namespace="tenant-a") is a and reg.get("api", namespace="tenant-b") is b
    with pytest.raises(KeyError, match="api"):
        reg.get("api")
    assert reg.list_keys(namespace="tenant-a") == ["api"] and reg.list_keys() == ["worker"]
    assert a.to_hex() not in repr(reg) and "tenant" not in repr(reg)
    assert reg.unregister("api", namespace="tenant-a") and not reg.has("api", namespace="tenant-a")
    with pytest.raises(TypeError):
        pickle.dumps(reg)


def test_key_registry_is_thread_safe():
    reg = KeyRegistry.get_instance()
    key = SigningKey.generate()

    def work(i: int) -> None:
        for j in range(200):
            reg.register(f"k{i}-{j}", key, namespace=f"n{i}")
            assert reg.get(f"k{i}-{j}", namespace=f"n{i}") is key

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(len(reg.list_keys(namespace=f"n{i}")) for i in range(4)) == 800


def test_load_tenuo_keys_normalises_ids(monkeypatch):
    k1, k2 = SigningKey.generate(), SigningKey.generate()
    monkeypatch.setenv("TENUO_KEY_WORKER_1", k1.to_hex())
    monkeypatch.setenv("TENUO_KEY_MY_SERVICE", k2.to_base64())
    monkeypatch.setenv("TENUO_KEY_BROKEN", "not a key")
    assert load_tenuo_keys() == 2
    reg = KeyRegistry.get_instance()
    assert reg.get("worker-1").public_key == k1.public_key
    assert reg.get("my-service").public_key == k2.public_key
    assert not reg.has("broken")


def test_keyring_rotation_as_trusted_roots():
    old, new = SigningKey.generate(), SigningKey.generate()
    ring = Keyring(root=new, previous=[old])
    assert ring.all_public_keys == [new.public_key, old.public_key]
    with pytest.raises(TypeError):
        pickle.dumps(ring)
    # A warrant minted before the rotation still verifies; one from a stranger does not.
    agent = SigningKey.generate()
    before = Warrant.mint_builder().tool("search").holder(agent.public_key).ttl(60).mint(old)
    configure(issuer_key=new, trusted_roots=ring, audit_log=False)
    assert tenuo.get_config().trusted_roots == (new.public_key, old.public_key)
    with before.bind(agent):
        assert search(query="x") == "x:10"
    stranger = Warrant.mint_builder().tool("search").holder(agent.public_key).ttl(60).mint(agent)
    with stranger.bind(agent):
        with pytest.raises(AuthorizationDenied):
            search(query="x")
    auth = Authorizer(trusted_roots=ring.all_public_keys)
    auth.authorize(before, "search", {}, signature=before.sign(agent, "search", {}))


def test_sdk_switches_that_would_weaken_enforcement_are_refused():
    issuer = SigningKey.generate()
    with pytest.raises(ConfigurationError, match="only enforces"):
        configure(issuer_key=issuer, dev_mode=True, mode="audit")
    with pytest.raises(ConfigurationError, match="always denied"):
        configure(issuer_key=issuer, dev_mode=True, allow_passthrough=True)
    with pytest.raises(ConfigurationError, match="requires dev_mode"):
        configure(issuer_key=issuer, allow_self_signed=True)
    configure(issuer_key=issuer, dev_mode=True, allow_self_signed=True, strict_mode=True,
              audit_log=False)
    assert tenuo.get_config().trusted_roots == (issuer.public_key,)
