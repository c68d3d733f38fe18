"""What the limits count by (attack round 8, F2 and F3; consultation/intake/countkeys.py): an email address by
its mailbox (case-folded, without a `+tag`), a client by its IPv4 address or its IPv6 /64, an IPv4-mapped
IPv6 address as the IPv4 address. The per-contact limit, the per-address limits (feedback, receipt misses,
the identical-repeat rule and a served stack over IPv6 loopback all count that way."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid

import httpx
import pytest
import redis

from consultation.intake import countkeys, repeats
from tests.conftest import OPEN_NOW, sample_payload
from tests.limit_storage import default_ipv6_prefix, storage_uri  # noqa: F401 (an autouse fixture)
from tests.serving import free_port, stop_serve, wait_until_served
from web import create_app

REDIS = "redis://127.0.0.1:6379/11"


def _storage(kind: str) -> str:
    return storage_uri(kind, REDIS)


@pytest.fixture(params=["memory", "redis"])
def storage(request):
    prefix = f"test-keys-{uuid.uuid4().hex}"
    yield _storage(request.param), prefix
    if request.param == "redis":
        store = redis.Redis.from_url(REDIS)
        for key in store.scan_iter(f"{prefix}*"):
            store.delete(key)


def _payload(i: int, email: str | None = None) -> dict:
    payload = sample_payload()
    payload["comments"][0]["reason"] = f"理由 {i}：{uuid.uuid4().hex}。"
    payload["submitter"]["phone"] = f"1380013{i:04d}"
    payload["submitter"]["email"] = email or f"person{i}-{uuid.uuid4().hex[:8]}@example.com"
    return payload


# ----------------------------------------------------------------- the keys themselves
@pytest.mark.parametrize("value, key", [
    ("plus.c+0@example.com", "plus.c@example.com"),
    ("Plus.C+News@Example.COM", "plus.c@example.com"),
    ("a+b+c@example.com", "a@example.com"),
    ("a+@example.com", "a@example.com"),
    ("plus.c@example.com", "plus.c@example.com"),
    ("p.l.u.s@example.com", "p.l.u.s@example.com"),  # no dots dropped: not every provider ignores them
    ("+tag@example.com", "+tag@example.com"),  # no mailbox name before the `+`
    ("+x+y@example.com", "+x@example.com"),
    ("not-an-address+x", "not-an-address+x"),
    # Gmail delivers every dotted spelling, and googlemail.com, to one inbox (attack round 11, F1)
    ("v.ictimgm@gmail.com", "victimgm@gmail.com"),
    ("V.I.C.T.I.M.G.M@Gmail.COM", "victimgm@gmail.com"),
    ("victim.gm+news.x@gmail.com", "victimgm@gmail.com"),
    ("victim.gm@googlemail.com", "victimgm@gmail.com"),
    ("victim.gm@gmail.com.cn", "victim.gm@gmail.com.cn"),  # another domain: dots kept
    ("victim.gm@mygmail.com", "victim.gm@mygmail.com"),
    ("zhang.san@qq.com", "zhang.san@qq.com"),
])
def test_the_contact_key_of_an_email(value, key):
    assert countkeys.contact_email(value) == key


@pytest.mark.parametrize("address, key", [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2::20", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
    ("2001:DB8:1:2:0:0:0:39", "2001:db8:1:2::/64"),
    ("2001:db8:1:3::20", "2001:db8:1:3::/64"),
    ("::1", "::/64"),
    ("fe80::1%eth0", "fe80::/64"),
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("::ffff:cb00:7107", "203.0.113.7"),
    ("not:an:address", "not:an:address"),
    ("unix:/run/consult.sock", "unix:/run/consult.sock"),
    ("-", "-"),
])
def test_the_client_key_of_an_address(address, key):
    assert countkeys.client(address) == key


def test_the_ipv6_prefix_is_a_setting(monkeypatch):
    countkeys.ipv6_prefix(48)
    assert countkeys.client("2001:db8:1:2::20") == countkeys.client("2001:db8:1:ffff::1") == "2001:db8:1::/48"
    countkeys.ipv6_prefix("128")
    assert countkeys.client("2001:db8:1:2::20") == "2001:db8:1:2::20/128"
    for wrong in ("0", "129", "sixty-four", "-1"):
        with pytest.raises(ValueError, match="RATE_LIMIT_IPV6_PREFIX"):
            countkeys.ipv6_prefix(wrong)


def test_the_app_reads_the_ipv6_prefix_and_refuses_a_wrong_one(services):
    create_app(services, TESTING=True, RATE_LIMIT_IPV6_PREFIX="56")
    assert countkeys.client("2001:db8:1:2::20") == "2001:db8:1::/56"
    with pytest.raises(ValueError, match="RATE_LIMIT_IPV6_PREFIX"):
        create_app(services, TESTING=True, RATE_LIMIT_IPV6_PREFIX="200")


# ----------------------------------------------------------------- the per-contact limit
@pytest.mark.parametrize("net, spellings, other", [
    # F2: nine tags of one mailbox from nine client addresses were nine contacts
    ("10.8.0", ["plus.c+0@example.com", "Plus.C+1@example.com", "plus.c+2@example.com", "plus.c@example.com"],
     "plusc+0@example.com"),
    # Attack round 11, F1: each dotted spelling of a Gmail address was a contact of its own
    ("10.9.0", ["v.ictimgm@gmail.com", "vi.ctimgm@gmail.com", "victimg.m@googlemail.com", "VictimGM@gmail.com"],
     "victim.gm@example.com"),  # dots count outside Gmail
], ids=["plus-tags", "gmail-dots"])
def test_spellings_of_one_mailbox_share_one_contact_counter(services, storage, net, spellings, other):
    """From as many client addresses, the third spelling of one mailbox is refused (RATE_LIMIT_CONTACT=2/hour)
    with the contact's message, and another mailbox is not affected."""
    uri, prefix = storage
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATE_LIMIT_CONTACT="2/hour",
                        RATELIMIT_STORAGE_URI=uri, RATELIMIT_KEY_PREFIX=prefix, WEB_WORKERS=1).test_client()
    statuses = [client.post("/api/v1/feedback", json=_payload(i, email),
                            environ_base={"REMOTE_ADDR": f"{net}.{i}"}).status_code
                for i, email in enumerate(spellings)]
    assert statuses == [201, 201, 429, 429]
    refused = client.post("/api/v1/feedback", json=_payload(8, spellings[0]),
                          environ_base={"REMOTE_ADDR": f"{net}.8"}, headers={"Accept-Language": "en"})
    assert refused.status_code == 429 and "email address or phone number" in refused.get_json()["message"]
    assert client.post("/api/v1/feedback", json=_payload(9, other),
                       environ_base={"REMOTE_ADDR": f"{net}.9"}).status_code == 201  # another mailbox


def test_the_stored_address_stays_as_typed(services):
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=False).test_client()
    created = client.post("/api/v1/feedback", json=_payload(1, "Plus.C+Tag@example.com"))
    assert created.status_code == 201
    body = created.get_json()
    looked = client.get(f"/api/v1/feedback/{body['reference']}?token={body['token']}").get_json()
    assert looked["submitter"]["email"] == "Plus.C+Tag@example.com"


def test_an_identical_body_with_another_tag_is_a_repeat(services):
    """The repeat rule's fingerprint uses the same contact key: the same comments from the same mailbox
    within the window are one submission, whatever tag each copy carries."""
    client = create_app(services, TESTING=True, RATELIMIT_ENABLED=False).test_client()
    payload = _payload(3, "repeat.me+1@example.com")
    first = client.post("/api/v1/feedback", json=payload)
    payload["submitter"]["email"] = "Repeat.Me+2@example.com"
    again = client.post("/api/v1/feedback", json=payload)
    assert first.status_code == 201 and again.get_json()["reference"] == first.get_json()["reference"]
    assert "token" not in again.get_json() or again.get_json()["token"] != first.get_json()["token"]
    payload["submitter"]["email"] = "repeat.me2@example.com"  # another mailbox: stored
    assert client.post("/api/v1/feedback", json=payload).get_json()["reference"] != first.get_json()["reference"]


def test_the_fingerprint_folds_the_tag_and_gmail_dots_only():
    def fp(email):
        return repeats.fingerprint("c", {"submitter": {"phone": "", "email": email}, "comments": []})

    assert fp("a+x@example.com") == fp("A+Y@example.com") == fp("a@example.com")
    assert fp("a.b@example.com") != fp("ab@example.com")
    assert fp("a.b@gmail.com") == fp("ab@googlemail.com") == fp("A.B+x@gmail.com")


# ----------------------------------------------------------------- the per-address limits
def _limited(services, storage, **limits):
    uri, prefix = storage
    return create_app(services, TESTING=True, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=uri,
                      RATELIMIT_KEY_PREFIX=prefix, WEB_WORKERS=1, **limits).test_client()


def test_one_ipv6_network_shares_the_feedback_limit(services, storage):
    """F3: 2001:db8::20…39 each got its own RATE_LIMIT_FEEDBACK; now their /64 has one, and another /64
    (or an IPv4 client) has its own."""
    client = _limited(services, storage, RATE_LIMIT_FEEDBACK="3/minute")
    statuses = [client.post("/api/v1/feedback", json=_payload(i),
                            environ_base={"REMOTE_ADDR": f"2001:db8:a:b::{i + 0x20:x}"}).status_code
                for i in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    assert client.post("/api/v1/feedback", json=_payload(7),
                       environ_base={"REMOTE_ADDR": "2001:db8:a:b:8000::1"}).status_code == 429  # same /64
    assert client.post("/api/v1/feedback", json=_payload(8),
                       environ_base={"REMOTE_ADDR": "2001:db8:a:c::20"}).status_code == 201  # another /64
    assert client.post("/api/v1/feedback", json=_payload(9),
                       environ_base={"REMOTE_ADDR": "198.51.100.9"}).status_code == 201


def test_an_ipv4_mapped_address_counts_as_its_ipv4_address(services, storage):
    client = _limited(services, storage, RATE_LIMIT_FEEDBACK="3/minute")
    for i, address in enumerate(["198.51.100.44", "::ffff:198.51.100.44", "::ffff:c633:642c"]):
        assert client.post("/api/v1/feedback", json=_payload(i),
                           environ_base={"REMOTE_ADDR": address}).status_code == 201
    assert client.post("/api/v1/feedback", json=_payload(5),
                       environ_base={"REMOTE_ADDR": "198.51.100.44"}).status_code == 429
    assert client.post("/api/v1/feedback", json=_payload(6),
                       environ_base={"REMOTE_ADDR": "198.51.100.45"}).status_code == 201


def test_the_ask_limit_counts_one_ipv6_network(services, storage):
    client = _limited(services, storage, RATE_LIMIT_ASK="2/minute")
    ask = {"question": "县级市能申报吗？"}
    statuses = [client.post("/api/v1/ask", json=ask, environ_base={"REMOTE_ADDR": f"2001:db8:5::{i + 1}"}).status_code
                for i in range(3)]
    assert statuses == [200, 200, 429]


def test_receipt_misses_count_one_ipv6_network(services, storage):
    """F3: receipt tokens guessed from many addresses of one /64 share RATE_LIMIT_RECEIPT_MISS."""
    client = _limited(services, storage, RATE_LIMIT_RECEIPT_MISS="3/minute")
    statuses = [client.get(f"/api/v1/feedback/AAAA-BBBB-CCCC?token={uuid.uuid4().hex}",
                           environ_base={"REMOTE_ADDR": f"2001:db8:7:7::{i + 0x20:x}"}).status_code
                for i in range(5)]
    assert statuses == [404, 404, 404, 429, 429]
    assert client.get(f"/api/v1/feedback/AAAA-BBBB-CCCC?token={uuid.uuid4().hex}",
                      environ_base={"REMOTE_ADDR": "2001:db8:7:8::20"}).status_code == 404


# ----------------------------------------------------------------- a served stack over IPv6 loopback
@pytest.mark.slow
def test_a_server_on_ipv6_loopback_counts_the_network(tmp_path, database_url):
    """`consult serve --host ::1`: the client's address as the server reports it (::1) is counted by its /64,
    in Redis under that key. (Other addresses of one /64 need root to add to the loopback.)"""
    _storage("redis")
    prefix = f"test-keys-served-{uuid.uuid4().hex}"
    env = dict(os.environ, DATABASE_URL=database_url, CONSULT_INSTANCE=str(tmp_path), CONSULT_NOW=OPEN_NOW,
               SECRET_KEY="keys-test", REDIS_URL=REDIS, RATELIMIT_KEY_PREFIX=prefix, RATELIMIT_ENABLED="true",
               RATE_LIMIT_ASK="2/minute", WEB_THREADS="")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from commands import main; main()", "serve", "--host", "::1",
                             "--port", str(port), "--workers", "1"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    store = redis.Redis.from_url(REDIS)
    try:
        url = f"http://[::1]:{port}"
        wait_until_served(proc, url, timeout=240)
        ask = {"question": "县级市能申报吗？"}
        statuses = [httpx.post(f"{url}/api/v1/ask", json=ask, timeout=30).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        keys = [key.decode() for key in store.scan_iter(f"{prefix}*")]
        assert keys and all("/ask/::/64" in key for key in keys), keys
    finally:
        stop_serve(proc)
        for key in store.scan_iter(f"{prefix}*"):
            store.delete(key)
