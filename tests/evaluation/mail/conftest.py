"""A real SMTP server on a loopback port (aiosmtpd), and Django's SMTP backend
pointed at it, so tests read the messages as a mail server received them."""

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from tests.workers import free_port


class Inbox:
    """What the server received. Set ``refuse`` to a reply such as
    "550 No such mailbox" to make the server refuse every recipient."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def bodies(self, message, kind="plain") -> str:
        part = message.get_body(preferencelist=(kind,))
        return part.get_content() if part else ""


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def person_with_email(stakeholder):
    stakeholder.email = "ann@example.org"
    stakeholder.save(update_fields=["email"])
    return stakeholder
