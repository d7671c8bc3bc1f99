"""The neutral chat model both wire formats convert to and from.

A request, a response and a stream are described once, here, in terms both the OpenAI Chat
Completions and the Anthropic Messages formats can express. What only one side can express
is kept in ``extra`` (unknown fields) and ``hints`` (how the original spelled something),
tagged by ``origin``: a builder uses them only when it builds the format they came from, so
same-format forwarding keeps them and cross-format conversion drops them.

Images and documents use one source shape for both formats:
``{"type": "base64", "media_type": ..., "data": ...}``, ``{"type": "url", "url": ...}``,
or a format-specific one (``{"type": "file", "file_id": ...}``, Anthropic ``text``/``content``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tiergate.errors import InputError

Wire = Literal["openai", "anthropic"]
Role = Literal["system", "user", "assistant", "tool"]
FinishReason = Literal["stop", "length", "tool_calls", "content_filter"]
ChoiceMode = Literal["auto", "none", "required", "tool"]
JSON = dict[str, Any]


class ConversionError(InputError):
    """The request holds something the destination's wire format cannot express."""


# -- content parts -------------------------------------------------------------------------


@dataclass(frozen=True)
class TextPart:
    text: str
    extra: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class ImagePart:
    source: JSON
    extra: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentPart:
    """A file (PDF, plain text) given inline or by reference."""

    source: JSON
    title: str | None = None
    extra: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class ToolCallPart:
    id: str
    name: str
    arguments: str  # JSON text, as OpenAI carries it
    extra: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class ToolResultPart:
    tool_call_id: str
    content: list[Part]
    is_error: bool = False
    extra: JSON = field(default_factory=dict)
    hints: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class ThinkingPart:
    """Model reasoning: Anthropic ``thinking``, OpenAI-compatible ``reasoning_content``."""

    text: str
    signature: str | None = None


@dataclass(frozen=True)
class OpaquePart:
    """A block only its own format understands (audio input, redacted thinking, server tool
    results), kept verbatim for same-format forwarding."""

    wire: Wire
    data: JSON


Part = (
    TextPart | ImagePart | DocumentPart | ToolCallPart | ToolResultPart | ThinkingPart | OpaquePart
)


@dataclass(frozen=True)
class Message:
    """One turn. ``system`` appears here only for OpenAI system messages after the first
    non-system message; leading ones are ``ChatRequest.system``."""

    role: Role
    content: list[Part]
    extra: JSON = field(default_factory=dict)
    hints: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class Tool:
    """A function the model may call; ``raw`` holds a non-function tool (Anthropic server
    tools, OpenAI custom tools) verbatim, only forwarded to its own format."""

    name: str
    description: str | None = None
    parameters: JSON | None = None
    extra: JSON = field(default_factory=dict)
    raw: JSON | None = None


@dataclass(frozen=True)
class ToolChoice:
    """``auto``, ``none``, ``required`` (Anthropic ``any``) or ``tool`` (one named tool);
    ``raw`` keeps a form only the origin format has (``allowed_tools``)."""

    mode: ChoiceMode
    name: str | None = None
    raw: JSON | None = None


@dataclass(frozen=True)
class ChatRequest:
    system: list[Part]
    messages: list[Message]
    tools: list[Tool] = field(default_factory=list)
    tool_choice: ToolChoice | None = None
    parallel_tool_calls: bool | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: list[str] = field(default_factory=list)
    stream: bool = False
    stream_usage: bool = False
    user: str | None = None
    model: str | None = None
    origin: Wire | None = None
    extra: JSON = field(default_factory=dict)
    hints: JSON = field(default_factory=dict)


@dataclass(frozen=True)
class Usage:
    """Token counts; ``prompt_tokens`` includes cached input, as OpenAI counts it."""

    prompt_tokens: int
    completion_tokens: int
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0


@dataclass(frozen=True)
class ChatResponse:
    id: str
    model: str
    content: list[Part]
    finish_reason: FinishReason | None
    usage: Usage | None = None
    stop_sequence: str | None = None
    created: int | None = None
    origin: Wire | None = None
    extra: JSON = field(default_factory=dict)
    hints: JSON = field(default_factory=dict)


# -- stream events ---------------------------------------------------------------------------
# ``index`` names a content block; blocks are numbered in the order they start.


@dataclass(frozen=True)
class StreamStart:
    id: str
    model: str
    usage: Usage | None = None  # Anthropic reports input tokens at the start


@dataclass(frozen=True)
class TextDelta:
    index: int
    text: str


@dataclass(frozen=True)
class ThinkingDelta:
    index: int
    text: str = ""
    signature: str = ""


@dataclass(frozen=True)
class ToolCallStart:
    index: int
    id: str
    name: str


@dataclass(frozen=True)
class ToolCallDelta:
    index: int
    arguments_fragment: str


@dataclass(frozen=True)
class OpaqueBlock:
    """A whole content block only its own format understands (streamed verbatim)."""

    index: int
    wire: Wire
    block: JSON


@dataclass(frozen=True)
class BlockStop:
    index: int


@dataclass(frozen=True)
class StreamFinish:
    finish_reason: FinishReason | None
    stop_sequence: str | None = None
    native_reason: str | None = None  # the upstream's own word, e.g. Anthropic ``pause_turn``


@dataclass(frozen=True)
class StreamUsage:
    prompt_tokens: int
    completion_tokens: int
    cache_read_tokens: int = 0
    cache_creation_tokens: int = 0


STREAM_CUT = "the upstream stream ended before it was complete"
STREAM_MALFORMED = "the upstream sent malformed stream data"


@dataclass(frozen=True)
class StreamError:
    type: str
    message: str


Event = (
    StreamStart
    | TextDelta
    | ThinkingDelta
    | ToolCallStart
    | ToolCallDelta
    | OpaqueBlock
    | BlockStop
    | StreamFinish
    | StreamUsage
    | StreamError
)
