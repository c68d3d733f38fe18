"""The private link a page shows is the address the person is using; mail and bots keep BASE_URL.

With BASE_URL left at its default, the confirmation printed http://127.0.0.1:8000/receipt/… to a person
using the service on another address, and following it failed. A page answers the request in front of
it, so its link is built from that request (url_for, _external); the Host comes from the client, or from
X-Forwarded-Host only when TRUST_PROXY says a proxy sets it.
"""
import pytest

from consultation.submissions import submit
from tests.conftest import csrf_token_from, sample_payload

MAIL_BASE = "https://mail-base.example"


@pytest.fixture
def mail_base(services):
    before = services.settings.base_url
    services.settings.base_url = MAIL_BASE
    yield
    services.settings.base_url = before


def _stored(services, contact="link@example.com"):
    payload = sample_payload()
    payload["submitter"]["email"] = contact
    return submit(services.engine, services.consultation, payload, channel="web",
                  locale="zh_CN", now=services.now(), secret_key=services.settings.secret_key,
                  office_mailbox="office@example.gov.cn")


def test_receipt_page_shows_the_address_in_use(app, services, mail_base):
    receipt = _stored(services)
    r = app.test_client().get(f"/receipt/{receipt.reference}?token={receipt.token}&new=1",
                              base_url="http://demo.local:18300")
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert f'href="http://demo.local:18300/receipt/{receipt.reference}?token={receipt.token}"' in html
    assert MAIL_BASE not in html
    assert services.receipt_url(receipt.reference, receipt.token).startswith(MAIL_BASE)  # mail and bots


def test_forwarded_host_only_behind_a_trusted_proxy(services, mail_base):
    from web import create_app

    receipt = _stored(services, "proxy@example.com")
    url = f"/receipt/{receipt.reference}?token={receipt.token}"
    forwarded = {"X-Forwarded-Host": "consult.example.gov.cn", "X-Forwarded-Proto": "https"}
    behind = create_app(services, TESTING=True, RATELIMIT_ENABLED=False, TRUST_PROXY="1").test_client()
    html = behind.get(url, headers=forwarded, base_url="http://10.0.0.5:8000").get_data(as_text=True)
    assert f'href="https://consult.example.gov.cn/receipt/{receipt.reference}?token=' in html
    direct = create_app(services, TESTING=True, RATELIMIT_ENABLED=False, TRUST_PROXY="0").test_client()
    html = direct.get(url, headers=forwarded, base_url="http://10.0.0.5:8000").get_data(as_text=True)
    assert "consult.example.gov.cn" not in html
    assert f'href="http://10.0.0.5:8000/receipt/{receipt.reference}?token=' in html


def test_self_check_pages_show_the_address_in_use(app, services, mail_base):
    client = app.test_client()
    base = "http://demo.local:18300"
    start = client.get("/self-check", base_url=base)
    r = client.post("/self-check", base_url=base, data={"csrf_token": csrf_token_from(start.get_data(as_text=True)),
                                                        "zone_types": ["deep_application"]})
    token = r.location.split("/self-check/")[1].split("/")[0]
    html = client.get(r.location, base_url=base).get_data(as_text=True)
    assert f'href="{base}/self-check/{token}"' in html and MAIL_BASE not in html
    api = client.post("/api/v1/self-check", base_url=base, json={"answers": {"zone_types": ["deep_application"]},
                                                                  "save": True})
    if api.status_code == 200:  # the API answers programs and bots: BASE_URL, as the mail does
        assert api.get_json()["saved"]["url"].startswith(MAIL_BASE)
