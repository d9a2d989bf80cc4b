"""Group etiquette: which group messages are meant for the bot, and the question inside them."""

from __future__ import annotations

from telegram import Bot, Message, MessageEntity
from telegram.ext import filters


def _mentions(message: Message, bot: Bot) -> list[str]:
    """The pieces of ``message.text`` that mention this bot (``@username`` or a text mention)."""
    username = (bot.username or "").lower()
    found = []
    for entity, text in message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION]).items():
        if entity.type == MessageEntity.MENTION and username and text[1:].lower() == username:
            found.append(text)
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            found.append(text)
    return found


def is_reply_to_bot(message: Message, bot: Bot) -> bool:
    """True when the message replies to one of this bot's own messages."""
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot.id)


def question_text(message: Message) -> str:
    """The message text with every mention of this bot taken out (``@bot 某县GDP目标`` → ``某县GDP目标``)."""
    text = message.text or ""
    for mention in _mentions(message, message.get_bot()):
        text = text.replace(mention, " ", 1)
    return " ".join(text.split())


class _AddressedToBot(filters.MessageFilter):
    """Group text that @mentions this bot or replies to one of its messages."""

    __slots__ = ()

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        return is_reply_to_bot(message, bot) or bool(_mentions(message, bot))


ADDRESSED_TO_BOT = _AddressedToBot(name="AddressedToBot")
