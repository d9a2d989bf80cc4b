"""A local fake Telegram Bot API server (aiohttp, 127.0.0.1, random port) for the bot tests.

It speaks the real wire format, so the bot under test runs its real PTB + httpx stack:

* ``POST /bot<token>/<method>`` with form-encoded bodies (non-string fields JSON-encoded, as PTB
  sends them), JSON bodies or multipart; every call is recorded as ``Call(method, params)`` with
  the fields decoded back to Python values.
* ``getUpdates`` serves the updates queued with the ``push_*`` helpers, honours ``offset`` and
  waits up to ``timeout`` (capped at one second) for new ones.
* ``sendMessage`` / ``editMessageText`` check the HTML the way Telegram does (known tags only,
  balanced, escaped ``<``/``&``, 1–4,096 characters of visible text) and answer 400
  "can't parse entities" otherwise, so formatting bugs fail the tests as they would in production.
* ``GET /file/bot<token>/<file_path>`` serves files registered with ``push_document``.

Faults: ``fail(method, when=..., status=..., description=..., delay=..., body=...)`` makes matching
calls fail: an error status (a 429 with ``retry_after``, a 5xx), a hang (``delay`` seconds before the
answer: the client times out first), a malformed body (``body=b"<html>…"`` with status 200).
``outage(seconds)`` drops every connection for a while, as when the network is down.

``getUpdates`` keeps Telegram's offset semantics: a call with ``offset`` confirms every update
below it, and a confirmed update is never returned again; unconfirmed ones are returned again.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 7000
BOT_USERNAME = "report_test_bot"
GETUPDATES_MAX_WAIT = 1.0

_TELEGRAM_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "code", "pre", "blockquote", "tg-emoji",
}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>")
_ENTITY_RE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")


@dataclass
class Call:
    """One request the bot made: the Bot API method and its decoded parameters."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)
    ok: bool = False  # False until answered, and for calls the server refused
    result: Any = None  # what the server answered (e.g. the message object sendMessage made)


@dataclass
class _Fault:
    method: str
    when: Callable[[dict[str, Any]], bool]
    status: int
    description: str
    times: int | None
    retry_after: int | None = None
    delay: float = 0.0
    body: bytes | None = None


def utf16_len(text: str) -> int:
    """Telegram measures offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def html_problem(text: str) -> str | None:
    """Why Telegram would reject ``text`` with parse_mode=HTML, or None if it would accept it."""
    stack: list[str] = []
    position = 0
    visible = []
    for match in _TAG_RE.finditer(text):
        visible.append(text[position : match.start()])
        position = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if name not in _TELEGRAM_TAGS:
            return f"Unsupported start tag \"{name}\""
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return f"Unmatched end tag \"{name}\""
    visible.append(text[position:])
    if stack:
        return f"Can't find end tag corresponding to start tag \"{stack[-1]}\""
    plain = "".join(visible)
    if "<" in plain or ">" in plain:
        return "Unsupported start tag or stray '<'/'>'"
    if "&" in _ENTITY_RE.sub("", plain):
        return "Unescaped '&'"
    shown = html.unescape(plain)
    if not shown.strip():
        return "message text is empty"
    if utf16_len(shown) > 4096:
        return "message is too long"
    return None


def _decode(value: str) -> Any:
    """PTB JSON-encodes every non-string field; strings that are not JSON stay strings."""
    try:
        return json.loads(value)
    except (ValueError, TypeError):
        return value


class FakeBotApi:
    """The fake server. ``async with FakeBotApi(token) as api: ... api.url ...``."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.me = {
            "id": BOT_ID, "is_bot": True, "first_name": "报告助手", "username": BOT_USERNAME,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.calls: list[Call] = []
        self.url = ""
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._ids = itertools.count(1)
        self._chats: dict[int, dict[str, Any]] = {}
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, data)
        self._faults: list[_Fault] = []
        self._down_until = 0.0
        self.webhook: dict[str, Any] | None = None  # what setWebhook was called with
        self.confirmed_below = 0  # the highest offset getUpdates was called with
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------ life cycle

    async def __aenter__(self) -> FakeBotApi:
        app = web.Application(client_max_size=64 * 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        self._runner = web.AppRunner(app, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001 - aiohttp has no public API for it
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        if self._runner:
            await self._runner.cleanup()

    # ------------------------------------------------------------ HTTP

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        if time.monotonic() < self._down_until:  # the network is down: the connection just drops
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=503)
        params = await self._params(request)
        call = Call(method, params)
        self.calls.append(call)
        response = await self._respond(call)
        async with self._changed:
            self._changed.notify_all()
        return response

    async def _respond(self, call: Call) -> web.Response:
        for fault in self._faults:
            if fault.method == call.method and fault.times != 0 and fault.when(call.params):
                if fault.times is not None:
                    fault.times -= 1
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.body is not None:
                    return web.Response(body=fault.body, status=fault.status, content_type="text/html")
                return self._error(fault.status, fault.description, fault.retry_after)
        handler = getattr(self, f"_m_{call.method}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        try:
            result = await handler(call.params)
        except _ApiError as error:
            return self._error(400, f"Bad Request: {error}")
        call.ok, call.result = True, result
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for file_path, data in self._files.values():
            if file_path == path:
                return web.Response(body=data, content_type="application/octet-stream")
        return web.Response(status=404)

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = {k: _decode(v) for k, v in request.query.items()}
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                params[key] = _decode(value) if isinstance(value, str) else value
        return params

    @staticmethod
    def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    # ------------------------------------------------------------ Bot API methods

    async def _m_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.me

    async def _m_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.confirmed_below = max(self.confirmed_below, offset)
        wait = min(float(params.get("timeout") or 0), GETUPDATES_MAX_WAIT)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + wait
        async with self._changed:
            while not self._updates and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except TimeoutError:
                    break
        return self._updates[:limit]

    async def _m_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        self._check_text(params)
        message = self._message(self._chat(params["chat_id"]), self.me, str(params["text"]))
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _m_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        photo = params.get("photo")
        data = photo.file.read() if hasattr(photo, "file") else b""
        if not data.startswith(b"\x89PNG"):
            raise _ApiError("wrong type of the web page content" if not data else "IMAGE_PROCESS_FAILED")
        params["photo_bytes"] = data
        caption = params.get("caption")
        if caption is not None:
            problem = html_problem(str(caption)) if params.get("parse_mode") == "HTML" else None
            if problem and "too long" not in problem:
                raise _ApiError(f"can't parse entities: {problem}")
            if utf16_len(html.unescape(re.sub(r"<[^>]+>", "", str(caption)))) > 1024:
                raise _ApiError("message caption is too long")
        message = self._message(self._chat(params["chat_id"]), self.me, None,
                                photo=[{"file_id": f"ph{next(self._ids)}", "file_unique_id": "u", "width": 792,
                                        "height": 462}])
        if caption is not None:
            message["caption"] = str(caption)
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _m_editMessageText(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        self._check_text(params)
        if "inline_message_id" in params:
            return True
        message = self._message(self._chat(params["chat_id"]), self.me, str(params["text"]))
        message["message_id"] = int(params["message_id"])
        message["edit_date"] = int(time.time())
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _m_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        for result in params.get("results") or []:
            if len(str(result.get("id", "")).encode()) > 64:
                raise _ApiError("RESULT_ID_INVALID")
            content = result.get("input_message_content") or {}
            if content.get("parse_mode") == "HTML" and (problem := html_problem(content["message_text"])):
                raise _ApiError(f"can't parse entities: {problem}")
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        if len(str(params.get("text") or "")) > 200:
            raise _ApiError("MESSAGE_TOO_LONG")
        return True

    async def _m_getFile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = params.get("file_id")
        if file_id not in self._files:
            raise _ApiError("invalid file_id")
        file_path, data = self._files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data), "file_path": file_path}

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _m_setWebhook(self, params: dict[str, Any]) -> bool:
        if not str(params.get("url", "")).startswith("https://"):
            raise _ApiError("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = params
        return True

    _m_sendChatAction = _m_setMyCommands = _m_deleteMyCommands = _true
    _m_deleteWebhook = _m_close = _m_logOut = _true

    def _check_text(self, params: dict[str, Any]) -> None:
        text = str(params.get("text", ""))
        if params.get("parse_mode") == "HTML":
            problem = html_problem(text)
        else:
            problem = None if text.strip() and utf16_len(text) <= 4096 else "message text is empty or too long"
        if problem:
            raise _ApiError(f"can't parse entities: {problem}")
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if len(button.get("callback_data", "").encode()) > 64:
                    raise _ApiError("BUTTON_DATA_INVALID")

    # ------------------------------------------------------------ building updates

    def _chat(self, chat_id: int | str) -> dict[str, Any]:
        chat_id = int(chat_id)
        return self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "?"})

    def _message(self, chat: dict[str, Any], sender: dict[str, Any] | None, text: str | None, **extra: Any) -> dict[str, Any]:
        message: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat}
        if sender is not None:
            message["from"] = sender
        if text is not None:
            message["text"] = text
            entities = _entities(text)
            if entities:
                message["entities"] = entities
        message.update(extra)
        return message

    def push(self, **fields: Any) -> dict[str, Any]:
        """Queue one update (``message=…``, ``inline_query=…``, …) for getUpdates; return it."""
        update = {"update_id": next(self._update_ids), **fields}
        self._updates.append(update)
        self._notify_soon()
        return update

    def text_update(self, chat: dict[str, Any], user: dict[str, Any], text: str) -> dict[str, Any]:
        """A text-message update that is not queued (to deliver to a webhook, as Telegram would)."""
        self._chats[chat["id"]] = chat
        return {"update_id": next(self._update_ids), "message": self._message(chat, user, text)}

    def push_text(self, chat: dict[str, Any], user: dict[str, Any], text: str, **extra: Any) -> dict[str, Any]:
        """Queue a text message; commands and @mentions get their entities like a real client."""
        self._chats[chat["id"]] = chat
        return self.push(message=self._message(chat, user, text, **extra))

    def push_reply(self, chat: dict[str, Any], user: dict[str, Any], text: str, to: dict[str, Any]) -> dict[str, Any]:
        """Queue a text message replying to ``to`` (e.g. a message the bot sent)."""
        return self.push_text(chat, user, text, reply_to_message=to)

    def push_document(self, chat: dict[str, Any], user: dict[str, Any], file_name: str, data: bytes,
                      mime_type: str = "text/plain") -> dict[str, Any]:
        """Queue a document message whose file can be fetched through getFile + download."""
        self._chats[chat["id"]] = chat
        file_id = f"doc{next(self._ids)}"
        self._files[file_id] = (f"documents/file_{file_id}.bin", data)
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
                    "mime_type": mime_type, "file_size": len(data)}
        return self.push(message=self._message(chat, user, None, document=document))

    def push_inline(self, user: dict[str, Any], query: str) -> dict[str, Any]:
        """Queue an inline query ``@bot <query>``."""
        return self.push(inline_query={"id": f"iq{next(self._ids)}", "from": user, "query": query, "offset": ""})

    def push_callback(self, user: dict[str, Any], message: dict[str, Any], data: str) -> dict[str, Any]:
        """Queue a button press on ``message`` (a message the bot sent)."""
        return self.push(callback_query={"id": f"cq{next(self._ids)}", "from": user, "message": message,
                                         "chat_instance": "ci", "data": data})

    def _notify_soon(self) -> None:
        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        asyncio.get_running_loop().create_task(notify())

    # ------------------------------------------------------------ faults and waiting

    def fail(self, method: str, *, when: Callable[[dict[str, Any]], bool] = lambda p: True,
             status: int = 400, description: str = "Bad Request", times: int | None = 1,
             retry_after: int | None = None, delay: float = 0.0, body: bytes | None = None) -> None:
        """Make the next ``times`` calls of ``method`` matching ``when`` fail (None: always)."""
        self._faults.append(_Fault(method, when, status, description, times, retry_after, delay, body))

    def outage(self, seconds: float) -> None:
        """Drop every connection for the next ``seconds`` (the network is down)."""
        self._down_until = time.monotonic() + seconds

    def clear_faults(self) -> None:
        self._faults.clear()
        self._down_until = 0.0

    @property
    def unconfirmed(self) -> int:
        """Updates Telegram would still send again (not confirmed by an offset)."""
        return len(self._updates)

    def calls_of(self, method: str, where: Callable[[dict[str, Any]], bool] = lambda p: True,
                 *, failed: bool = False) -> list[Call]:
        """Answered calls of ``method`` matching ``where`` (with ``failed=True``: refused ones)."""
        return [c for c in self.calls if c.method == method and c.ok != failed and where(c.params)]

    async def wait_for(self, method: str, where: Callable[[dict[str, Any]], bool] = lambda p: True,
                       *, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until ``count`` calls of ``method`` matching ``where`` were made; return them."""
        async def enough() -> list[Call]:
            async with self._changed:
                while len(found := self.calls_of(method, where)) < count:
                    await self._changed.wait()
                return found

        try:
            return await asyncio.wait_for(enough(), timeout)
        except TimeoutError:
            seen = [(c.method, c.params.get("text", c.params.get("results", ""))) for c in self.calls[-8:]]
            raise AssertionError(f"timed out waiting for {count}× {method}; last calls: {seen}") from None

    @staticmethod
    def sent_message(call: Call) -> dict[str, Any]:
        """The message object a recorded sendMessage produced (to reply to it or press its buttons)."""
        assert isinstance(call.result, dict), f"{call.method} produced no message"
        return call.result


class _ApiError(Exception):
    """A 400 Bad Request with this description."""


def _entities(text: str) -> list[dict[str, Any]]:
    """bot_command and mention entities, with UTF-16 offsets, as a Telegram client would add them."""
    entities = []
    command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))})
    for match in re.finditer(r"(?<![\w/])@[A-Za-z0-9_]{5,32}", text):
        if command and match.start() < command.end():
            continue
        entities.append({"type": "mention", "offset": utf16_len(text[: match.start()]),
                         "length": utf16_len(match.group(0))})
    return entities


def user(user_id: int, first_name: str = "测试用户", *, is_bot: bool = False) -> dict[str, Any]:
    return {"id": user_id, "is_bot": is_bot, "first_name": first_name}


def private_chat(of: dict[str, Any]) -> dict[str, Any]:
    return {"id": of["id"], "type": "private", "first_name": of["first_name"]}


def group_chat(chat_id: int, title: str = "测试群") -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": title}
