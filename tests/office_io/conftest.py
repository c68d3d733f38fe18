"""A real SMTP server (aiosmtpd on 127.0.0.1, ephemeral port) and helpers for mail and export tests."""
from __future__ import annotations

import email
import email.policy
import itertools
import threading

import pytest
from aiosmtpd.controller import Controller

from consultation.mail.settings import MailSettings
from consultation.submissions import submit
from tests.conftest import sample_payload


class Sink:
    """Keeps every message the server accepted."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append({
                "mail_from": envelope.mail_from,
                "rcpt_tos": list(envelope.rcpt_tos),
                "message": email.message_from_bytes(envelope.original_content or envelope.content,
                                                    policy=email.policy.default),
            })
        return "250 OK queued"

    def by_message_id(self):
        counts = {}
        for m in self.messages:
            counts[m["message"]["Message-ID"]] = counts.get(m["message"]["Message-ID"], 0) + 1
        return counts


class LoopbackController(Controller):
    """Controller on port 0: learns its port from the bound socket before the self-test connect."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def start_server(sink, port=0):
    controller = LoopbackController(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


@pytest.fixture
def smtp_server():
    sink = Sink()
    controller = start_server(sink)
    yield controller, sink
    controller.stop()


def mail_settings(instance, port=None, **overrides):
    values = dict(host="127.0.0.1" if port else None, port=port, security="none", timeout=5,
                  mail_from="consultation@example.gov.cn", backoff=60, lease=600, max_attempts=4,
                  eml_dir=instance / "outbox",
                  # Most tests send many receipts to one sample address: caps out of the way unless a test
                  # is about them (test_mail_caps.py).
                  receipts_per_day=10_000, office_copies_per_hour=10_000)
    values.update(overrides)
    return MailSettings(**values)


_serial = itertools.count(1)


def make_submission(services, locale="zh_CN", channel="web", **payload_overrides):
    """One stored submission. Unless the test gives its own comments, each call's reason is distinct: an
    identical repeat from the same contact within REPEAT_WINDOW_MINUTES is not stored again
    (consultation/intake/repeats.py), and these tests mean N calls to be N submissions."""
    payload = sample_payload(**payload_overrides)
    if "comments" not in payload_overrides:
        payload["comments"] = [dict(c) for c in payload["comments"]]
        payload["comments"][0]["reason"] += f"（第{next(_serial)}份）"
    with services.session() as session:
        return submit(session, services.consultation, payload, channel=channel,
                      locale=locale, now=services.now(), secret_key=services.settings.secret_key,
                      office_mailbox=services.office_mailbox)
