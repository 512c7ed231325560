"""A LangGraph agent whose tool node is guarded: the warrant rides in the graph state (as its
base64 string), the key stays in the process's KeyRegistry, and every tool call the model
makes is authorized before the tool runs.

    pip install "tenuo[langgraph]"
    python examples/langgraph_protected.py

Runs offline: a fake chat model from langchain-core plays the LLM, the tools are local.
Exits 0 when every outcome is the one printed.
"""

import os
from typing import Annotated, TypedDict

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langchain_core.tools import tool
from langgraph.checkpoint.memory import MemorySaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages

from tenuo import Pattern, SigningKey, Warrant, configure
from tenuo.langgraph import TenuoToolNode, guard_node, load_tenuo_keys

issuer = SigningKey.generate()
worker = SigningKey.generate()
os.environ["TENUO_KEY_WORKER"] = worker.to_base64()   # in production: set by the deployment
load_tenuo_keys()                                     # -> KeyRegistry id "worker"
configure(trusted_roots=[issuer.public_key], audit_log=False)


@tool
def search(query: str) -> str:
    """Search the local corpus."""
    return f"3 results for {query!r}"


@tool
def delete_file(path: str) -> str:
    """Delete a file."""
    raise SystemExit("delete_file must never run in this demo")


class State(TypedDict, total=False):
    messages: Annotated[list[AnyMessage], add_messages]
    warrant: str


# The "LLM": asks for an allowed search, then for a search outside the warrant, then for a tool
# the warrant does not grant.
model = GenericFakeChatModel(messages=iter([
    AIMessage(content="", tool_calls=[{"name": "search", "args": {"query": "weather Paris"}, "id": "1"}]),
    AIMessage(content="", tool_calls=[{"name": "search", "args": {"query": "payroll"}, "id": "2"}]),
    AIMessage(content="", tool_calls=[{"name": "delete_file", "args": {"path": "/etc/hosts"}, "id": "3"}]),
]))


def agent(state):
    return {"messages": [model.invoke(state["messages"])]}


graph = StateGraph(State)
graph.add_node("agent", guard_node(agent, key_id="worker"))
graph.add_node("tools", TenuoToolNode([search, delete_file]))
graph.add_edge(START, "agent")
graph.add_edge("agent", "tools")
graph.add_edge("tools", END)
app = graph.compile(checkpointer=MemorySaver())

warrant = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
           .holder(worker.public_key).ttl(300).mint(issuer))
config = {"configurable": {"tenuo_key_id": "worker", "thread_id": "demo"}}

out = app.invoke({"warrant": str(warrant), "messages": [HumanMessage("weather in Paris?")]}, config)
print("allowed:        ", out["messages"][-1].status, out["messages"][-1].content)
assert out["messages"][-1].status == "success"

for label in ("outside warrant:", "wrong tool:     "):
    out = app.invoke({"messages": [HumanMessage("next")]}, config)   # warrant from the checkpoint
    print(label, out["messages"][-1].status, out["messages"][-1].content)
    assert out["messages"][-1].status == "error"
    assert out["messages"][-1].content.startswith("Authorization denied (ref: ")

state = app.get_state(config).values
assert state["warrant"] == str(warrant) and worker.to_hex() not in repr(state)
print("checkpointed state holds the warrant string and no key")
print("langgraph_protected: OK")
