"""Screens of the project pipeline (pure), and :data:`TEXTS`, the messages its service queues."""

from __future__ import annotations

from bot.buttons.pipeline import MoveStage, ProjectView
from bot.config import Settings
from bot.core.i18n import Translator
from bot.pipeline.texts import Message
from bot.pipeline.types import ProjectCard, RequestCard
from bot.views.common import button, keyboard
from bot.views.pipeline import requests
from bot.views.pipeline.common import call_line


class _Texts:
    """The :class:`bot.pipeline.texts.PipelineTexts` the service is built with."""

    def request(self, tr: Translator, settings: Settings, card: RequestCard) -> Message:
        screen = requests.received(tr, settings, card)
        return screen.text, screen.keyboard.to_dict() if screen.keyboard else None

    def request_closed(self, tr: Translator, card: RequestCard) -> Message:
        return requests.closed_notice(tr, card)

    def writing_reminder(self, tr: Translator, card: ProjectCard) -> Message:
        text = "\n".join(
            [
                tr.gettext("⏳ <b>The deadline is near and your project is not submitted yet</b>"),
                call_line(tr, card.call),
                tr.gettext("When it is submitted, mark it so on the project card."),
            ]
        )
        return text, keyboard(
            [[button(tr.gettext("📝 Project card"), ProjectView(card.id, True))]]
        ).to_dict()

    def outcome_question(self, tr: Translator, card: ProjectCard) -> Message:
        text = "\n".join(
            [
                tr.gettext("📨 <b>What came of your application?</b>"),
                call_line(tr, card.call),
                tr.gettext("Results help the alliance show what it achieves together."),
            ]
        )
        markup = keyboard(
            [
                [
                    button(tr.gettext("🏆 Funded"), MoveStage(card.id, "funded")),
                    button(tr.gettext("✖️ Not funded"), MoveStage(card.id, "rejected")),
                ],
                [button(tr.gettext("Not known yet"), ProjectView(card.id, True))],
            ]
        )
        return text, markup.to_dict()


TEXTS = _Texts()
