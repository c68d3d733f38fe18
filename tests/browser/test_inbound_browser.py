"""A clerk works through the mailbox's queue and enters a letter, in real Chromium on a phone-sized page.

The messages come from a real Dovecot through the intake; the pages read the
same tables whatever the database, so this runs once, on SQLite."""
import pytest
from sqlalchemy import select

from consultation.inbound.models import InboundItem
from consultation.inbound.worker import run_pass
from consultation.models import Submission
from tests.browser.conftest import assert_accessible, follow
from tests.inbound import mails
from tests.inbound.imap_server import Mailbox, dovecot  # noqa: F401  (the session's Dovecot, a fixture)
from tests.inbound.test_mailbox import AFTER_DEADLINE, IN_WINDOW, template_mail
from tests.staff import PASSWORD, create_staff, totp_code

pytestmark = pytest.mark.browser  # under tests/browser/: runs once, in the SQLite pass (tests/conftest.py)


@pytest.fixture
def clerk(services):
    create_staff(services, "clerk", "admin")  # an admin: sees senders and originals, signs in with TOTP
    yield "clerk"
    from tests.office.conftest import _clear_audit

    _clear_audit(services.engine)


def login(page, live_server, services, name):
    """The password, then the authenticator's code, as an admin signs in."""
    page.goto(f"{live_server}/office/login")
    page.locator("#username").fill(name)
    page.locator("#password").fill(PASSWORD)
    follow(page, page.locator("form button[type=submit]").last)
    page.locator("#code").fill(totp_code(services, name))
    follow(page, page.locator("form button[type=submit]").last)


def test_a_clerk_confirms_queued_mail_and_enters_a_letter(page, live_server, services, dovecot, clerk):
    box = Mailbox(dovecot)
    box.deliver(template_mail(), IN_WINDOW)
    box.deliver(mails.message(body="对第九十九条的意见:建议删除。\n", sender="赵七 <z7@example.com>"), IN_WINDOW)
    box.deliver(mails.message(body="见附件。", attachments=[("意见.pdf", ("application", "pdf"),
                                                              mails.minimal_pdf())]), IN_WINDOW)
    box.deliver(template_mail(sender="迟到 <late@example.com>"), AFTER_DEADLINE)
    assert run_pass(services, box.settings()).statuses == {"filed": 1, "review": 2, "manual": 1}

    login(page, live_server, services, clerk)
    follow(page, page.get_by_role("link", name="邮箱与来信"))  # from the office's navigation
    assert page.locator("table.inbound-queue tbody tr").count() == 3
    assert page.get_by_text("意见.pdf").count() == 0  # names of files only on the item's page
    assert_accessible(page, "intake queue")

    with services.session() as s:
        uncertain = s.scalars(select(InboundItem).where(InboundItem.sender == "z7@example.com")).one()
    follow(page, page.locator(f"#item-{uncertain.id} a"))
    assert page.locator("#target-0").input_value() == "第九十九条"
    assert page.get_by_role("link", name=f"message-{uncertain.uid}.eml").is_visible()
    assert_accessible(page, "item to review")
    page.locator("#target-0").fill("第三条")
    page.locator("#kind-0").select_option("delete")
    follow(page, page.get_by_role("button", name="确认并归档"))
    assert page.locator("#item-status").inner_text() == "已归档"

    page.goto(f"{live_server}/office/inbound/new")
    assert_accessible(page, "manual entry")
    page.get_by_label("来信").check()
    page.locator("#received_on").fill("2025-11-19")
    page.locator("#submitter-name").fill("孙八")
    page.locator("#submitter-phone").fill("13700137000")
    page.locator("#target-0").fill("附件1第16项")
    page.locator("#kind-0").select_option("amend")
    page.locator("#proposal-0").fill("建议下调分值。")
    page.locator("#scan").set_input_files(files=[{"name": "来信.pdf", "mimeType": "application/pdf",
                                                  "buffer": mails.minimal_pdf()}])
    follow(page, page.get_by_role("button", name="录入意见"))
    assert page.locator("#item-status").inner_text() == "已归档"
    assert page.get_by_role("link", name="来信.pdf").is_visible()

    with services.session() as s:
        channels = sorted(s.scalars(select(Submission.channel)))
    assert channels == ["email", "email", "letter"]
