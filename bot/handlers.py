"""Telegram handlers: one short coroutine each; the knowledge service does the answering.

Every handler takes the text, calls the service (in a worker thread, never on the event loop)
and sends what ``knowledge.reply.render_html`` made of the result. Wiring: ``bot.app``.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
import html
import logging
import re
import secrets
from pathlib import Path
import time
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackContext, ExtBot

from bot import messages
from bot.delivery import retryable
from bot.dispatch import RETRY_LATER
from bot.addressing import question_text
from bot.text import MAX_QUESTION_CHARS, split_html
from knowledge.seedsdir import (
    MAX_UPLOAD_BYTES,
    has_allowed_suffix,
    keep_replaced,
    record_upload,
    safe_file_name,
    save_atomically,
    stash_pending,
    take_pending,
    undo_last_upload,
)
from knowledge.build import check_upload
from knowledge.fetch import FetchError, fetch, find_url
from knowledge.reply import render_html
from knowledge.service import BuildFailed, ReloadInProgress

if TYPE_CHECKING:
    from bot.inbox import Inbox
    from bot.settings import Settings
    from knowledge.service import KnowledgeService

log = logging.getLogger(__name__)
T = TypeVar("T")

TYPING_AFTER_SECONDS = 0.4  # show "typing…" only when an answer takes noticeably long
INLINE_CACHE_SECONDS = 5
CALLBACK_PREFIX = "rg"  # region buttons
CONFIRM_PREFIX = "up"  # replace-a-report buttons


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """CallbackContext with typed access to the two objects made at start-up."""

    @property
    def service(self) -> KnowledgeService:
        return self.bot_data["service"]

    @property
    def settings(self) -> Settings:
        return self.bot_data["settings"]

    @property
    def inbox(self) -> Inbox:
        return self.bot_data["inbox"]


# ---------------------------------------------------------------- commands


async def start(update: Update, context: BotContext) -> None:
    """Greet the user and show how to ask."""
    examples = await asyncio.to_thread(context.service.examples, 1)
    example = examples[0] if examples else messages.DEFAULT_EXAMPLE
    await update.effective_message.reply_text(messages.START.format(example=html.escape(example)))


async def help_command(update: Update, context: BotContext) -> None:
    """Explain how to ask, with example questions drawn from the knowledge base."""
    examples = await asyncio.to_thread(context.service.examples, 5)
    lines = "\n".join(f"• <code>{html.escape(q)}</code>" for q in examples) or messages.NO_EXAMPLES
    text = messages.HELP.format(examples=lines, username=html.escape(context.bot.username or "bot"))
    await update.effective_message.reply_text(text)


async def sources(update: Update, context: BotContext) -> None:
    """List the reports the knowledge base was built from."""
    def describe() -> tuple[str, str | None]:
        return context.service.sources_text(), context.service.health_problem()

    text, problem = await asyncio.to_thread(describe)
    body = html.escape(text) or messages.SOURCES_EMPTY
    if problem:  # the list comes from memory: say that the file behind it is being repaired
        body = messages.SOURCES_UNHEALTHY.format(problem=html.escape(problem)) + "\n\n" + body
    await _send(update.effective_message, body)


async def scorecard(update: Update, context: BotContext) -> None:
    """``/scorecard 某县 2022``: every target of that year with its outcome (text and chart)."""
    where = " ".join(context.args or []).strip()
    if not where:
        await update.effective_message.reply_text(messages.SCORECARD_USAGE, do_quote=True)
        return
    await _answer(update, context, f"{where}年目标完成情况" if where[-1].isdigit() else f"{where}目标完成情况",
                  usage=messages.SCORECARD_USAGE)


async def ask(update: Update, context: BotContext) -> None:
    """Answer ``/ask 问题`` (also ``/ask@botname 问题``) in any chat."""
    await _answer(update, context, " ".join(context.args or []), usage=messages.ASK_USAGE)


# ---------------------------------------------------------------- questions


async def private_question(update: Update, context: BotContext) -> None:
    """Answer a text message in a private chat: all of it is the question."""
    await _answer(update, context, question_text(update.effective_message), usage=messages.ASK_USAGE)


async def group_question(update: Update, context: BotContext) -> None:
    """Answer a group message that @mentions the bot or replies to it."""
    await _answer(update, context, question_text(update.effective_message), usage=messages.MENTION_USAGE)


async def text_only(update: Update, context: BotContext) -> None:
    """Tell a private chat that only text questions are understood (stickers, photos, …)."""
    await update.effective_message.reply_text(
        messages.TEXT_ONLY.format(example=messages.DEFAULT_EXAMPLE), do_quote=True
    )


async def pick_region(update: Update, context: BotContext) -> None:
    """Region button pressed: edit the answer in place to that region only."""
    query = update.callback_query
    chat_id = query.message.chat_id if query.message else None
    choice, region = _recall_choice(context, chat_id, query.data or "")
    if choice is None:
        await query.answer(messages.EXPIRED_CHOICE, show_alert=True)
        return
    await query.answer()
    result = await asyncio.to_thread(context.service.ask, choice["question"], region=region)
    first, *rest = split_html(render_html(result))
    if query.message is not None and query.message.photo:  # a chart's caption: answer below it instead
        await query.message.reply_text(first, reply_markup=_keyboard(choice["key"], choice["regions"]))
        for part in rest:
            await query.message.reply_text(part)
        return
    try:
        await query.edit_message_text(first, reply_markup=_keyboard(choice["key"], choice["regions"]))
    except BadRequest as error:  # the same button pressed twice: nothing to change
        if "not modified" not in str(error).lower():
            raise
    for part in rest:
        await query.message.reply_text(part)


async def inline_query(update: Update, context: BotContext) -> None:
    """Answer ``@botname 问题`` typed in any chat with the figure and its source."""
    query = update.inline_query
    question = query.query.strip()[:MAX_QUESTION_CHARS]
    if not question:
        await query.answer([_hint_article(context)], cache_time=INLINE_CACHE_SECONDS, is_personal=True)
        return
    result = await asyncio.to_thread(context.service.ask, question)
    articles = [_article("all", result)]
    for index, region in enumerate(result.regions[:5] if len(result.regions) > 1 else []):
        one = await asyncio.to_thread(context.service.ask, question, region=region)
        articles.append(_article(f"r{index}", one, messages.INLINE_TITLE_REGION.format(region=region)))
    await query.answer(articles, cache_time=INLINE_CACHE_SECONDS, is_personal=True)


# ---------------------------------------------------------------- admin


async def reload_kb(update: Update, context: BotContext) -> None:
    """Rebuild the knowledge base from SEEDS_DIR (admins only) while answering goes on."""
    if not _is_admin(update, context):
        await update.effective_message.reply_text(messages.NOT_ADMIN, do_quote=True)
        return
    log.info("reload requested by admin %s", update.effective_user.id)
    await _reload_and_report(update.effective_message, context)


async def upload_report(update: Update, context: BotContext) -> None:
    """Check a report an admin sent (it must decode, name its region and yield figures) before it
    goes into SEEDS_DIR; a file it replaces is kept for /undo; then reload."""
    message = update.effective_message
    if not _is_admin(update, context):
        await message.reply_text(messages.NOT_ADMIN, do_quote=True)
        return
    data = await _download_report(message, context)
    if data is None:
        return
    name = safe_file_name(message.document.file_name, f"upload_{message.document.file_unique_id}")
    checked = await asyncio.to_thread(check_upload, name, data)  # a big PDF: not on the answering thread
    if checked.skip:
        await message.reply_text(messages.UPLOAD_REJECTED.format(reason=html.escape(checked.skip)), do_quote=True)
        return
    seeds = context.settings.seeds_dir
    if not seeds.is_dir():  # never start a new, one-report knowledge base by accident
        await message.reply_text(messages.SEEDS_MISSING.format(seeds=html.escape(str(seeds))), do_quote=True)
        return
    existing = seeds / name
    if existing.is_file():
        same = await asyncio.to_thread(lambda: existing.read_bytes() == data)
        fields = dict(name=html.escape(name), size_kb=len(data) / 1024, region=html.escape(checked.region or ""),
                      year=checked.year or "?")
        if same:
            await message.reply_text(messages.ADD_SAME.format(**fields), do_quote=True)
            return
        key = secrets.token_hex(6)
        await asyncio.to_thread(stash_pending, seeds, key, data)
        context.inbox.remember_choice(key, message.chat_id, {"name": name, **fields})
        await message.reply_text(messages.UPLOAD_CONFIRM.format(**fields), do_quote=True,
                                 reply_markup=InlineKeyboardMarkup([[
                                     InlineKeyboardButton(messages.UPLOAD_CONFIRM_YES, callback_data=f"{CONFIRM_PREFIX}:{key}:yes"),
                                     InlineKeyboardButton(messages.UPLOAD_CONFIRM_NO, callback_data=f"{CONFIRM_PREFIX}:{key}:no"),
                                 ]]))
        return
    path, replaced = await asyncio.to_thread(_store_upload, seeds, name, data)
    log.info("admin %s uploaded %s (%d bytes, %s %s)", update.effective_user.id, path.name, len(data),
             checked.region, checked.year)
    await message.reply_text(
        messages.UPLOAD_SAVED.format(name=html.escape(path.name), size_kb=len(data) / 1024,
                                     region=html.escape(checked.region or ""), year=checked.year or "?"),
        do_quote=True,
    )
    await _reload_and_report(message, context)


def _store_upload(seeds: Path, name: str, data: bytes) -> tuple[Path, Path | None]:
    replaced = keep_replaced(seeds, name)
    path = save_atomically(seeds, name, data)
    record_upload(seeds, name, replaced)
    return path, replaced


async def confirm_upload(update: Update, context: BotContext) -> None:
    """替换 / 取消 pressed under an upload that would replace a report."""
    query = update.callback_query
    if not _is_admin(update, context):
        await query.answer(messages.NOT_ADMIN, show_alert=True)
        return
    _, key, answer = ((query.data or "") + "::").split(":")[:3]
    chat_id = query.message.chat_id if query.message else None
    choice = context.inbox.recall_choice(key, chat_id) if chat_id is not None else None
    seeds = context.settings.seeds_dir
    data = await asyncio.to_thread(take_pending, seeds, key) if choice else None
    if choice is None or data is None:
        await query.answer(messages.EXPIRED_CHOICE, show_alert=True)
        return
    context.inbox.forget_choice(key)
    await query.answer()
    fields = {k: choice[k] for k in ("name", "size_kb", "region", "year")}
    if answer != "yes":
        await query.edit_message_text(messages.UPLOAD_CANCELLED.format(**fields))
        return
    path, replaced = await asyncio.to_thread(_store_upload, seeds, choice["name"], data)
    log.info("admin %s replaced %s (%d bytes)", update.effective_user.id, path.name, len(data))
    await query.edit_message_text(messages.UPLOAD_REPLACED.format(**fields))
    await _reload_and_report(query.message, context)


LINK_ONLY = r"^\s*\S{0,12}\s*https?://\S+\s*$"  # a link, with at most a short word before it ("添加 http…")


async def add_report(update: Update, context: BotContext) -> None:
    """`/add URL` (admins only): fetch the report behind a link into SEEDS_DIR, then reload."""
    url = find_url(" ".join(context.args or []))
    if not _is_admin(update, context):
        await update.effective_message.reply_text(messages.NOT_ADMIN, do_quote=True)
        return
    if url is None:
        await update.effective_message.reply_text(messages.ADD_USAGE, do_quote=True)
        return
    await _add_from(update, context, url)


async def add_link(update: Update, context: BotContext) -> None:
    """A bare link in a private chat: an admin's is added as /add; anyone else is told what the
    bot is for."""
    message = update.effective_message
    if not _is_admin(update, context):
        await message.reply_text(messages.LINK_NOT_ADMIN.format(example=messages.DEFAULT_EXAMPLE), do_quote=True)
        return
    await _add_from(update, context, find_url(message.text or "") or "")


async def _add_from(update: Update, context: BotContext, url: str) -> None:
    message = update.effective_message
    if not context.settings.seeds_dir.is_dir():
        await message.reply_text(messages.SEEDS_MISSING.format(seeds=html.escape(str(context.settings.seeds_dir))),
                                 do_quote=True)
        return
    note = await message.reply_text(messages.ADD_FETCHING.format(url=html.escape(url)), do_quote=True,
                                    disable_web_page_preview=True)
    try:
        got = await _while_typing(context, message.chat_id,
                                  asyncio.to_thread(fetch, url, context.settings.seeds_dir))
    except FetchError as error:
        log.info("admin %s: %s not added: %s", update.effective_user.id, url, error)
        await note.edit_text(messages.ADD_FAILED.format(reason=html.escape(str(error))))
        return
    except OSError as error:
        log.warning("saving %s failed: %s", url, error)
        await note.edit_text(messages.UPLOAD_FAILED)
        return
    fields = dict(name=html.escape(got.path.name), size_kb=got.size / 1024, region=html.escape(got.region),
                  year=got.year or "?")
    log.info("admin %s added %s from %s (%d bytes)%s", update.effective_user.id, got.path.name, got.url, got.size,
             " (already there)" if got.same_as else " replacing the earlier file" if got.replaced else "")
    if got.same_as:
        await note.edit_text(messages.ADD_SAME.format(**fields))
        return
    await note.edit_text((messages.UPLOAD_REPLACED if got.replaced else messages.UPLOAD_SAVED).format(**fields))
    await _reload_and_report(message, context)


async def undo_upload(update: Update, context: BotContext) -> None:
    """Undo the last upload (admins only): the report it replaced comes back, or it is taken out."""
    message = update.effective_message
    if not _is_admin(update, context):
        await message.reply_text(messages.NOT_ADMIN, do_quote=True)
        return
    done = await asyncio.to_thread(undo_last_upload, context.settings.seeds_dir)
    if done is None:
        await message.reply_text(messages.UNDO_NOTHING, do_quote=True)
        return
    what, name = done
    template = messages.UNDO_RESTORED if what == "restored" else messages.UNDO_REMOVED
    await message.reply_text(template.format(name=html.escape(name)), do_quote=True)
    await _reload_and_report(message, context)


async def on_error(update: object, context: BotContext) -> None:
    """Log the error with where it happened, and tell the user politely. An update that failed
    because Telegram could not be reached is not apologised for (that would fail too): the
    dispatcher answers it again later."""
    if isinstance(update, Update) and retryable(context.error):
        log.warning("Telegram unreachable while handling %s: %s", _describe(update), context.error)
        context.bot_data.setdefault(RETRY_LATER, set()).add(update.update_id)
        return
    log.error("error while handling %s", _describe(update), exc_info=context.error)
    await _tell_admins(context, update)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(messages.ERROR, show_alert=True)
        elif update.message:
            await update.message.reply_text(messages.ERROR, do_quote=True)
    except TelegramError as error:
        log.warning("could not tell the user about the error: %s", error)


ADMIN_ALERT_EVERY = 600.0  # seconds: at most one error alert to the admins in this time


async def _tell_admins(context: BotContext, update: object) -> None:
    """Forward an unexpected error to the admins, briefly (ids only, never question texts)."""
    now = time.monotonic()
    if now - context.bot_data.get("admin_alert_at", float("-inf")) < ADMIN_ALERT_EVERY:
        return
    context.bot_data["admin_alert_at"] = now
    error = context.error
    text = messages.ADMIN_ERROR_ALERT.format(
        error=html.escape(f"{type(error).__name__}: {error}"[:300]), where=html.escape(_describe(update)))
    for admin in sorted(context.settings.admin_ids):
        try:
            await context.bot.send_message(admin, text)
        except TelegramError as failure:
            log.info("could not alert admin %s: %s", admin, failure)


# ---------------------------------------------------------------- helpers


async def _answer(update: Update, context: BotContext, question: str, *, usage: str) -> None:
    message = update.effective_message
    question = question.strip()
    if not question:
        await message.reply_text(usage.format(example=messages.DEFAULT_EXAMPLE), do_quote=True)
        return
    if len(question) > MAX_QUESTION_CHARS:
        await message.reply_text(
            messages.TOO_LONG.format(limit=MAX_QUESTION_CHARS, example=messages.DEFAULT_EXAMPLE), do_quote=True
        )
        return
    started = time.perf_counter()
    result = await _while_typing(context, message.chat_id, _off_loop(context.service.ask, question))
    if result.status == "unavailable" and not context.service.heal_note:
        # the knowledge base is being rebuilt: answer this update again in a moment, not now
        log.info("chat=%s: knowledge base under repair; the question waits", message.chat_id)
        context.bot_data.setdefault(RETRY_LATER, set()).add(update.update_id)
        return
    markup = _remember_choice(context, message.chat_id, question, result.regions)
    png = await context.bot_data["charts"].render(result)  # None when there is nothing to draw
    if png is None or not await _send_chart(message, png, render_html(result), markup):
        await _send(message, render_html(result), markup)
    log.info(
        "answered chat=%s (%s) status=%s regions=%d in %.0f ms%s",
        message.chat_id, message.chat.type, result.status, len(result.regions),
        (time.perf_counter() - started) * 1000,
        f" question={question!r}" if context.settings.log_questions else "",
    )


CAPTION_LIMIT = 1024  # Telegram's limit on a photo caption (visible characters)


async def _send_chart(message: Message, png: bytes, text: str, markup: InlineKeyboardMarkup | None) -> bool:
    """The chart as a photo with the reply as its caption, or the photo and then the reply when the
    reply is longer than a caption may be. False (nothing sent) when Telegram refuses the photo."""
    visible = html.unescape(re.sub(r"<[^>]+>", "", text))
    fits = len(visible) <= CAPTION_LIMIT
    try:
        await message.reply_photo(png, caption=text if fits else None, do_quote=True,
                                  reply_markup=markup if fits else None)
    except BadRequest as error:
        log.warning("chart not sent (%s); the reply goes as text", error)
        return False
    if not fits:
        await _send(message, text, markup)
    return True


async def _send(message: Message, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Reply with ``text`` split into messages of at most 4,096 characters; quote the asker once."""
    parts = split_html(text)
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await message.reply_text(part, do_quote=index == 0, reply_markup=markup if last else None)


# Answering is CPU work under the GIL: one worker thread serves it with less switching than the
# default pool's many threads competing with the event loop.
_ANSWERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer")


def _off_loop(fn, *args, **kwargs):
    """Run a blocking service call off the event loop (on the answering thread)."""
    return asyncio.get_running_loop().run_in_executor(_ANSWERER, functools.partial(fn, *args, **kwargs))


async def _while_typing(context: BotContext, chat_id: int, work: Awaitable[T]) -> T:
    """Await ``work``; if it takes noticeably long, show "typing…" until it is done.
    A timer, cancelled when the answer is ready: nothing extra for the usual instant answer."""
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(work)
    typing: list[asyncio.Task] = []
    timer = loop.call_later(TYPING_AFTER_SECONDS,
                            lambda: typing.append(loop.create_task(_keep_typing(context, chat_id, task))))
    try:
        return await task
    finally:
        timer.cancel()
        for t in typing:
            t.cancel()


async def _keep_typing(context: BotContext, chat_id: int, task: asyncio.Future) -> None:
    while not task.done():
        try:
            await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:
            log.debug("typing action failed: %s", error)
        await asyncio.sleep(4.5)  # the status lasts five seconds


PROGRESS_EVERY = 5.0  # seconds between two progress notes of a long reload


async def _reload_and_report(message: Message, context: BotContext) -> None:
    loop = asyncio.get_running_loop()
    shown: dict[str, Any] = {"at": time.monotonic(), "message": None}

    def progress(done: int, total: int, name: str) -> None:  # called from the build thread
        now = time.monotonic()
        if now - shown["at"] < PROGRESS_EVERY or done >= total:
            return
        shown["at"] = now
        log.info("reload progress: %d/%d files (%s)", done, total, name)
        asyncio.run_coroutine_threadsafe(_show_progress(message, shown, done, total), loop)

    try:
        report = await _while_typing(context, message.chat_id, asyncio.to_thread(context.service.reload, progress))
    except ReloadInProgress:
        await message.reply_text(messages.RELOAD_IN_PROGRESS, do_quote=True)
        return
    except BuildFailed as error:
        log.warning("reload failed: %s", error)
        await message.reply_text(messages.RELOAD_FAILED.format(reason=html.escape(str(error))), do_quote=True)
        return
    await _send(message, html.escape(report.to_text()))


async def _show_progress(message: Message, shown: dict[str, Any], done: int, total: int) -> None:
    """One status message, edited as a long reload goes on; a failure here costs nothing."""
    text = messages.RELOAD_PROGRESS.format(done=done, total=total)
    try:
        if shown["message"] is None:
            shown["message"] = await message.reply_text(text, do_quote=True)
        else:
            await shown["message"].edit_text(text)
    except TelegramError as error:
        log.debug("progress note failed: %s", error)


async def _download_report(message: Message, context: BotContext) -> bytes | None:
    """The uploaded document's bytes, or None after telling the admin why not."""
    document = message.document
    if not has_allowed_suffix(document.file_name):
        await message.reply_text(messages.UPLOAD_WRONG_TYPE, do_quote=True)
        return None
    too_big = messages.UPLOAD_TOO_BIG.format(
        size_mb=megabytes(document.file_size or 0, MAX_UPLOAD_BYTES), limit_mb=MAX_UPLOAD_BYTES // 2**20
    )
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.reply_text(too_big, do_quote=True)
        return None
    try:
        telegram_file = await context.bot.get_file(document.file_id)
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as error:
        log.warning("download of an uploaded report failed: %s", error)
        await message.reply_text(messages.UPLOAD_FAILED, do_quote=True)
        return None
    if len(data) > MAX_UPLOAD_BYTES:
        await message.reply_text(too_big, do_quote=True)
        return None
    return data


def megabytes(size: int, limit: int) -> str:
    """A size in MB, rounded up to one decimal: a file over the limit never reads as the limit."""
    return f"{-(-size * 10 // 2**20) / 10:.1f}"


def _is_admin(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    allowed = bool(user) and user.id in context.settings.admin_ids
    if not allowed:
        log.warning("admin-only action refused for user %s", user.id if user else None)
    return allowed


def _remember_choice(context: BotContext, chat_id: int, question: str,
                     regions: list[str]) -> InlineKeyboardMarkup | None:
    """Region buttons for an answer spanning several regions; the question is kept under a short
    key in the inbox (it survives a restart and expires after a week)."""
    if len(regions) < 2:
        return None
    key = secrets.token_hex(6)
    context.inbox.remember_choice(key, chat_id, {"key": key, "question": question, "regions": list(regions)})
    return _keyboard(key, regions)


def _recall_choice(context: BotContext, chat_id: int | None, data: str) -> tuple[dict[str, Any] | None, str | None]:
    """The remembered question and the region a button stands for, or (None, None) if expired."""
    prefix, _, rest = data.partition(":")
    key, _, index = rest.partition(":")
    if prefix != CALLBACK_PREFIX or chat_id is None or not index.isdigit():
        return None, None
    choice = context.inbox.recall_choice(key, chat_id)
    if choice is None:
        return None, None
    if int(index) >= len(choice["regions"]):
        return None, None
    return choice, choice["regions"][int(index)]


def _keyboard(key: str, regions: list[str]) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(region, callback_data=f"{CALLBACK_PREFIX}:{key}:{index}")
        for index, region in enumerate(regions)
    ]
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def _article(result_id: str, result: Any, title: str | None = None) -> InlineQueryResultArticle:
    lines = [line.strip() for line in result.reply.splitlines() if line.strip()]
    return InlineQueryResultArticle(
        id=result_id,
        title=(title or (lines[0] if lines else messages.INLINE_TITLE_ALL))[:100],
        description=" ".join(lines[1:3] if title is None else lines[:2])[:200] or None,
        input_message_content=InputTextMessageContent(split_html(render_html(result))[0]),
    )


def _hint_article(context: BotContext) -> InlineQueryResultArticle:
    username = context.bot.username or "bot"
    return InlineQueryResultArticle(
        id="hint",
        title=messages.INLINE_HINT_TITLE.format(example=messages.DEFAULT_EXAMPLE),
        input_message_content=InputTextMessageContent(
            html.escape(messages.INLINE_HINT_TEXT.format(username=username, example=messages.DEFAULT_EXAMPLE))
        ),
    )


def _describe(update: object) -> str:
    """Where an error happened, without message text or names (ids only)."""
    if not isinstance(update, Update):
        return repr(type(update).__name__) if update is not None else "a background job"
    kind = next((k for k in Update.ALL_TYPES if getattr(update, k, None) is not None), "unknown")
    chat, user = update.effective_chat, update.effective_user
    return (
        f"update {update.update_id} ({kind}) chat={chat.id if chat else None} "
        f"({chat.type if chat else '-'}) user={user.id if user else None}"
    )
