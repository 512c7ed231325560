"""tenuo.langgraph on a real StateGraph with a checkpointer (MemorySaver) and a fake chat
model from langchain-core: the seed README snippets, guarded tool calls, and checkpoints that
hold the warrant string and never the key."""

from __future__ import annotations

import base64
import pickle
from typing import Annotated, TypedDict

from integ_env import require_frameworks

require_frameworks()

import pytest  # noqa: E402
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel  # noqa: E402
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage  # noqa: E402
from langchain_core.tools import tool  # noqa: E402
from langgraph.checkpoint.memory import MemorySaver  # noqa: E402
from langgraph.graph import END, START, StateGraph  # noqa: E402
from langgraph.graph.message import add_messages  # noqa: E402

from tenuo import (BoundWarrant, ConfigurationError, KeyRegistry, Pattern, SigningKey,  # noqa: E402
                   Warrant, configure)
from tenuo.exceptions import UntrustedRoot  # noqa: E402
from tenuo.langgraph import TenuoToolNode, guard_node, load_tenuo_keys, tenuo_node  # noqa: E402

CALLS: list = []


@tool
def search(query: str) -> str:
    """Search the local corpus."""
    CALLS.append(("search", query))
    return f"results for {query}"


@tool
def calculator(expression: str) -> str:
    """Add two integers written as 'a+b'."""
    CALLS.append(("calculator", expression))
    a, b = expression.split("+")
    return str(int(a) + int(b))


class State(TypedDict, total=False):
    messages: Annotated[list[AnyMessage], add_messages]
    warrant: str
    next: str


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def call(name, args, i=0):
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"call_{i}"}])


def build(model, checkpointer=None, key_id="worker"):
    def my_agent(state):
        return {"messages": [model.invoke(state["messages"])]}

    graph = StateGraph(State)
    graph.add_node("agent", guard_node(my_agent, key_id=key_id))
    graph.add_node("tools", TenuoToolNode([search, calculator]))
    graph.add_edge(START, "agent")
    graph.add_edge("agent", "tools")
    graph.add_edge("tools", END)
    return graph.compile(checkpointer=checkpointer)


@pytest.fixture
def keys(monkeypatch):
    issuer, worker = SigningKey.generate(), SigningKey.generate()
    monkeypatch.setenv("TENUO_KEY_WORKER", worker.to_base64())
    configure(trusted_roots=[issuer.public_key])
    return issuer, worker


def warrant_for(issuer, worker):
    return (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
            .tool("calculator").holder(worker.public_key).ttl(600).mint(issuer))


def test_seed_readme_snippets(keys, audit_events):
    issuer, worker = keys
    # "LangGraph Integration", with a fake model instead of an LLM and local tools.
    assert load_tenuo_keys() == 1 and KeyRegistry.get_instance().has("worker")
    warrant = warrant_for(issuer, worker)
    model = GenericFakeChatModel(messages=iter([call("search", {"query": "weather NYC"})]))
    graph = build(model)
    state = {"warrant": str(warrant), "messages": [HumanMessage("weather?")]}
    config = {"configurable": {"tenuo_key_id": "worker"}}
    result = graph.invoke(state, config=config)
    last = result["messages"][-1]
    assert isinstance(last, ToolMessage) and last.status == "success"
    assert last.content == "results for weather NYC"
    assert audit_events[-1]["action"] == "authorized" and audit_events[-1]["tool"] == "search"

    # "Nodes That Need Warrant Access"
    @tenuo_node
    def smart_router(state, bound_warrant: BoundWarrant):
        assert isinstance(bound_warrant, BoundWarrant)
        if bound_warrant.allows("search"):
            return {"next": "researcher"}
        return {"next": "fallback"}

    g = StateGraph(State)
    g.add_node("router", smart_router)
    g.add_edge(START, "router")
    g.add_edge("router", END)
    out = g.compile().invoke({"warrant": str(warrant), "messages": []}, config=config)
    assert out["next"] == "researcher"


def test_denied_tool_calls_do_not_run(keys, audit_events):
    issuer, worker = keys
    KeyRegistry.get_instance().register("worker", worker)
    warrant = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
               .holder(worker.public_key).ttl(600).mint(issuer))
    config = {"configurable": {"tenuo_key_id": "worker"}}
    for i, (name, args) in enumerate([("search", {"query": "stock prices"}),
                                      ("calculator", {"expression": "1+2"})]):
        model = GenericFakeChatModel(messages=iter([call(name, args, i)]))
        out = build(model).invoke({"warrant": str(warrant), "messages": [HumanMessage("x")]},
                                  config=config)
        last = out["messages"][-1]
        assert isinstance(last, ToolMessage) and last.status == "error"
        assert last.content.startswith("Authorization denied (ref: ")
        assert audit_events[-1]["action"] == "denied"
        assert last.content == f"Authorization denied (ref: {audit_events[-1]['ref']})"
    assert CALLS == []


def test_missing_key_or_warrant_stops_the_node(keys):
    issuer, worker = keys
    warrant = warrant_for(issuer, worker)
    model = GenericFakeChatModel(messages=iter([call("search", {"query": "weather"})]))
    with pytest.raises(ConfigurationError, match="no key 'nobody'"):
        build(model, key_id="nobody").invoke(
            {"warrant": str(warrant), "messages": [HumanMessage("x")]})
    with pytest.raises(ConfigurationError, match="no 'warrant'"):
        build(model).invoke({"messages": [HumanMessage("x")]})


def test_checkpoint_holds_the_warrant_and_no_key_bytes(keys):
    issuer, worker = keys
    KeyRegistry.get_instance().register("worker", worker)
    warrant = warrant_for(issuer, worker)
    model = GenericFakeChatModel(messages=iter([call("search", {"query": "weather NYC"}, 0),
                                                call("calculator", {"expression": "2+3"}, 1)]))
    saver = MemorySaver()
    graph = build(model, checkpointer=saver)
    config = {"configurable": {"tenuo_key_id": "worker", "thread_id": "t1"}}
    graph.invoke({"warrant": str(warrant), "messages": [HumanMessage("a")]}, config=config)
    out = graph.invoke({"messages": [HumanMessage("b")]}, config=config)   # warrant from the checkpoint
    assert out["messages"][-1].content == "5" and CALLS[-1] == ("calculator", "2+3")

    checkpoints = list(saver.list({"configurable": {"thread_id": "t1"}}))
    assert len(checkpoints) >= 4
    assert checkpoints[0].checkpoint["channel_values"]["warrant"] == str(warrant)
    haystack = stored(saver, checkpoints)
    assert str(warrant).encode() in haystack
    secret = worker.secret_key_bytes()
    assert len(secret) == 32 and secret.hex() == worker.to_hex()
    needles = {secret, secret.hex().encode(), secret.hex().upper().encode(),
               base64.b64encode(secret).rstrip(b"="), base64.urlsafe_b64encode(secret).rstrip(b"="),
               worker.to_hex().encode(), worker.to_base64().rstrip("=").encode()}
    for needle in needles:
        assert needle not in haystack, needle
    assert b"worker" in haystack     # only the key's id travels

    # Control: the same search finds a key that a careless graph puts in its state.
    leaky = MemorySaver()
    model2 = GenericFakeChatModel(messages=iter([call("search", {"query": "weather"}, 0)]))
    build(model2, checkpointer=leaky).invoke(
        {"warrant": str(warrant), "next": worker.to_hex(), "messages": [HumanMessage("a")]},
        config={"configurable": {"tenuo_key_id": "worker", "thread_id": "t2"}})
    leaked = stored(leaky, list(leaky.list({"configurable": {"thread_id": "t2"}})))
    assert secret.hex().encode() in leaked


def stored(saver, checkpoints) -> bytes:
    """Everything the saver stored, serialized the way it stores it, plus a pickle of it."""
    blobs = [pickle.dumps((dict(saver.storage), dict(saver.writes), dict(saver.blobs)))]
    for cp in checkpoints:
        blobs.append(repr(cp).encode())
        blobs.append(saver.serde.dumps_typed(cp.checkpoint)[1])
    return b"".join(blobs)


def test_async_graph(keys, audit_events):
    import asyncio

    issuer, worker = keys
    KeyRegistry.get_instance().register("worker", worker)
    warrant = warrant_for(issuer, worker)
    config = {"configurable": {"tenuo_key_id": "worker"}}

    async def run(args):
        model = GenericFakeChatModel(messages=iter([call("search", args)]))
        out = await build(model).ainvoke({"warrant": str(warrant), "messages": [HumanMessage("x")]},
                                         config=config)
        return out["messages"][-1]

    ok = asyncio.run(run({"query": "weather Rome"}))
    denied = asyncio.run(run({"query": "salaries"}))
    assert ok.status == "success" and denied.status == "error"
    assert CALLS == [("search", "weather Rome")]


def test_required_tools(keys):
    issuer, worker = keys
    KeyRegistry.get_instance().register("worker", worker)
    warrant = warrant_for(issuer, worker)
    ran = []

    def supervisor(state):
        ran.append(True)
        return {"next": "done"}

    def run(node):
        g = StateGraph(State)
        g.add_node("s", node)
        g.add_edge(START, "s")
        g.add_edge("s", END)
        return g.compile().invoke({"warrant": str(warrant), "messages": []},
                                  config={"configurable": {"tenuo_key_id": "worker"}})

    assert run(guard_node(supervisor, required_tools=["search", "calculator"]))["next"] == "done"
    with pytest.raises(ConfigurationError, match="does not grant tool 'delete'"):
        run(guard_node(supervisor, required_tools=["search", "delete"]))
    stranger = SigningKey.generate()
    with pytest.raises(UntrustedRoot):   # the chain must root in the given trusted roots
        run(guard_node(supervisor, required_tools=["search"], trusted_roots=[stranger.public_key]))
    assert ran == [True]
