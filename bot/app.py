"""The composition root: one function wires the settings and the knowledge service into PTB."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot import handlers, messages
from bot.addressing import ADDRESSED_TO_BOT
from bot.charts import ChartWorker
from bot.delivery import ChatRateLimiter
from bot.inbox import Inbox

if TYPE_CHECKING:
    from bot.settings import Settings
    from knowledge.service import KnowledgeService

log = logging.getLogger(__name__)

# Only what the handlers use; Telegram then does not even send channel posts, reactions, …
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]


async def post_init(application: Application) -> None:
    """Register the command menu and warm the service up in the background (run by
    run_polling; tests call it after initialize())."""
    service = application.bot_data.get("service")
    if service is not None and hasattr(service, "warm_up"):
        # jieba's dictionary and the pinyin tables load off the event loop, before the first user
        application.bot_data["warm_up"] = asyncio.get_running_loop().create_task(_warm_up(service))

    try:
        await application.bot.set_my_commands([BotCommand(name, text) for name, text in messages.COMMANDS])
    except TelegramError as error:  # the menu is a convenience: never refuse to start over it
        log.warning("set_my_commands failed: %s", error)
    settings = application.bot_data.get("settings")
    for admin in sorted(getattr(settings, "admin_ids", ()) or ()):
        try:  # fails for an admin who never opened a chat with the bot: they still can type the commands
            await application.bot.set_my_commands([BotCommand(n, t) for n, t in messages.ADMIN_COMMANDS],
                                                  scope=BotCommandScopeChat(admin))
        except TelegramError as error:
            log.info("admin command menu for %s not set: %s", admin, error)


async def _warm_up(service: KnowledgeService) -> None:
    try:
        await asyncio.to_thread(service.warm_up)
    except Exception:  # noqa: BLE001 — answering still works, only the first answer is slower
        log.warning("warm-up failed", exc_info=True)


class _FromPerson(filters.UpdateFilter):
    """Messages sent by a person: other bots (and anything sent as a bot) are not answered.
    A filter, not a handler in a group of its own: PTB builds a callback context per group."""

    def filter(self, update: Update) -> bool:
        user = update.effective_user
        return user is None or not user.is_bot


FROM_PERSON = _FromPerson(name="FROM_PERSON")


def build_application(settings: Settings, service: KnowledgeService, inbox: Inbox | None = None) -> Application:
    """The bot: PTB Application with every handler, the sender (``bot.delivery``) and the error
    handler. No Updater: ``bot.runner`` receives the updates, stores them in ``inbox`` and hands
    them to ``Application.process_update`` (``bot.dispatch``)."""
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .updater(None)
        # Eight connections for the dispatcher's eight workers; more makes httpx's connection pool
        # rescan its connections on every request (measured: 16 at once halves throughput).
        .connection_pool_size(8)
        .pool_timeout(10.0)
        .rate_limiter(ChatRateLimiter(limits=settings.rate_limit))
        .context_types(ContextTypes(context=handlers.BotContext))
        .post_init(post_init)
        .build()
    )
    application.bot_data.update(settings=settings, service=service, inbox=inbox or Inbox(":memory:"),
                                charts=ChartWorker())

    new_message = filters.UpdateType.MESSAGE & FROM_PERSON  # not edited, not channel posts, not bots
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    # Text a person typed: not a command, and not an inline answer they sent "via @bot".
    plain_text = filters.TEXT & ~filters.COMMAND & ~filters.VIA_BOT & new_message

    application.add_handlers(
        [
            CommandHandler("start", handlers.start, filters=new_message),
            CommandHandler("help", handlers.help_command, filters=new_message),
            CommandHandler("ask", handlers.ask, filters=new_message),
            CommandHandler("scorecard", handlers.scorecard, filters=new_message),
            CommandHandler("sources", handlers.sources, filters=new_message),
            # block=False: a rebuild takes seconds; questions keep being answered meanwhile.
            CommandHandler("reload", handlers.reload_kb, filters=new_message, block=False),
            CommandHandler("undo", handlers.undo_upload, filters=new_message, block=False),
            CommandHandler("add", handlers.add_report, filters=new_message, block=False),
            MessageHandler(private & filters.Document.ALL & new_message, handlers.upload_report, block=False),
            # a message in a private chat that is just a link: an admin adds the report behind it
            MessageHandler(private & plain_text & filters.Regex(handlers.LINK_ONLY), handlers.add_link, block=False),
            MessageHandler(private & plain_text, handlers.private_question),
            MessageHandler(groups & plain_text & ADDRESSED_TO_BOT, handlers.group_question),
            MessageHandler(
                private & new_message & ~filters.TEXT & ~filters.StatusUpdate.ALL, handlers.text_only
            ),
            CallbackQueryHandler(handlers.pick_region, pattern=rf"^{handlers.CALLBACK_PREFIX}:"),
            CallbackQueryHandler(handlers.confirm_upload, pattern=rf"^{handlers.CONFIRM_PREFIX}:", block=False),
            InlineQueryHandler(handlers.inline_query),
        ]
    )
    application.add_error_handler(handlers.on_error)
    return application
