"""Request pieces shared by the cross-format tests."""

from __future__ import annotations

from typing import Any

PNG_B64 = "iVBORw0KGgo="
PDF_B64 = "JVBERi0xLjQ="
SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
OA_TOOL = {
    "type": "function",
    "function": {"name": "get_weather", "description": "Weather", "parameters": SCHEMA},
}
AN_TOOL = {"name": "get_weather", "description": "Weather", "input_schema": SCHEMA}


def oa_call(call_id: str, args: str) -> dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": "get_weather", "arguments": args},
    }


def an_use(call_id: str, city: str) -> dict[str, Any]:
    return {"type": "tool_use", "id": call_id, "name": "get_weather", "input": {"city": city}}
