"""`tiergate serve` as a real subprocess, its configuration as a YAML file, and a loopback
Ollama (``/api/tags`` and ``/v1/chat/completions``) for discovery without a file."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import yaml

STARTUP_TIMEOUT = 15.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def write_config(path: Path, *providers: dict[str, Any], **extra: Any) -> Path:
    """A configuration file with ``providers`` and an audit database next to it."""
    data = {
        "providers": list(providers),
        "audit": {"url": f"sqlite:///{path.parent / 'audit.db'}"},
        **extra,
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """An environment with no API keys, no configuration, no Ollama probe and a private data
    folder: only what a test adds is there."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp),
        "TIERGATE_DATA_DIR": str(tmp / "data"),
        "TIERGATE_DISCOVER_OLLAMA": "0",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def tiergate(*args: str) -> list[str]:
    return [sys.executable, "-m", "tiergate", *args]


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"

    def stderr(self) -> str:
        """stderr as a person reads it: a JSON log line (the default when stderr is not a
        terminal) by its message; access lines and anything else as written."""
        return "\n".join(_message(line) for line in self.log.read_text("utf-8").splitlines())

    def log_lines(self) -> list[dict[str, Any]]:
        """stderr as a log collector reads it: one JSON object per line (``--log-format
        json``); raises if a line is not one."""
        return [json.loads(line) for line in self.log.read_text("utf-8").splitlines()]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int:
        """Send ``sig`` and wait for the process to exit; its return code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout=timeout)


def _message(line: str) -> str:
    try:
        data = json.loads(line)
    except ValueError:
        return line
    message = data.get("message") if isinstance(data, dict) else None
    return message if isinstance(message, str) else line


@contextmanager
def serving_process(tmp: Path, env: dict[str, str], *args: str) -> Iterator[Served]:
    """``tiergate serve ARGS --port P`` until /healthz answers; stopped (SIGTERM) afterwards."""
    port = free_port()
    log = tmp / f"serve-{port}.log"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            tiergate("serve", *args, "--port", str(port)),
            env=env,
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    served = Served(proc, port, log)
    try:
        _wait_until_healthy(served)
        yield served
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_until_healthy(served: Served) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx.Client(timeout=0.5) as http:
        while True:
            if served.proc.poll() is not None:
                raise AssertionError(
                    f"tiergate serve exited with {served.proc.returncode}:\n{served.stderr()}"
                )
            try:
                if http.get(f"{served.url}/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"tiergate serve did not start:\n{served.stderr()}")
            time.sleep(0.02)


class FakeOllama:
    """An Ollama on 127.0.0.1: lists ``models`` at /api/tags, echoes chats in OpenAI format."""

    def __init__(self, models: tuple[str, ...] = ("llama3.2:3b", "qwen3:8b")) -> None:
        self.models = models
        self.tag_requests = 0
        self.received: list[dict[str, Any]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path != "/api/tags":
                    self.send_error(404)
                    return
                owner.tag_requests += 1
                self._json({"models": [{"name": m, "size": 1} for m in owner.models]})

            def do_POST(self) -> None:
                if self.path != "/v1/chat/completions":
                    self.send_error(404)
                    return
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                owner.received.append(body)
                text = "ECHO: " + body["messages"][-1]["content"]
                self._json(
                    {
                        "id": "chatcmpl-ollama",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body["model"],
                        "choices": [
                            {
                                "index": 0,
                                "message": {"role": "assistant", "content": text},
                                "finish_reason": "stop",
                            }
                        ],
                    }
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def host(self) -> str:
        """What ``OLLAMA_HOST`` holds: ``127.0.0.1:PORT``."""
        return f"127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeOllama:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
