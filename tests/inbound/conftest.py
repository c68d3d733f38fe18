"""Fixtures for the mailbox intake: a real Dovecot (tests/inbound/imap_server.py) and a mailbox per test."""
from __future__ import annotations

import pytest

from tests.inbound.imap_server import Mailbox, dovecot  # noqa: F401  (the session's Dovecot, a fixture)
from tests.office.conftest import _clear_audit


@pytest.fixture
def mailbox(dovecot):
    return Mailbox(dovecot)


@pytest.fixture(autouse=True)
def _audit_cleared(services):
    """Confirmations and entries write the append-only audit log: lifted here, after each test."""
    yield
    _clear_audit(services.engine)
