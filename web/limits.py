"""Request rate limits on the public endpoints, and the one place their values live.

Per client address on the endpoints that store or cost: feedback (the form's storing step, the API, and
saving a change or a withdrawal through the private link, each of which mails the office and the submitter),
the form's drafts (each step posted on its comments page), saved self-checks, questions and office sign-in; per contact address (the body's email and phone,
normalised and hashed) on stored submissions only, so one address cannot be flooded with receipts from many addresses;
and per client address on private links that match nothing, so their secrets cannot be guessed at speed: receipt
links (a wrong token or an unknown reference, on the receipt page, its change and withdraw pages and the API) and
saved self-check links (an unknown token, on each of its pages and downloads), each with its own limit; likewise
office API bearer tokens that match nothing, and requests to /wechat that fail its signature, timestamp or
replay checks (counted by their routes, `bearer_lookup` and `miss`).

The counters live in Redis when REDIS_URL is set, so every worker process and host shares them. Without
Redis (the embedded default) they are in memory, one set per `consult serve` worker process; each limit
is then divided by the number of workers (WEB_WORKERS), so the whole service limits approximately.
RATELIMIT_ENABLED=false (Flask-Limiter's setting names are kept: RATELIMIT_ENABLED, RATELIMIT_KEY_PREFIX,
RATELIMIT_STORAGE_URI) turns them all off for benchmarks and demonstrations. The rate strings are parsed by
the `limits` library (Flask-Limiter's own backend) and counted as its fixed windows, around each limited
view (RequestLimits.limited) with one counter call per request (consultation/intake/windows.py); the
per-contact counters are added to with the others and given back after a view that stored nothing. When a
contact counter is full, the request is counted again with its per-contact counters added from inside its
storing transaction once it is known to be new (submit's before_store), so that retries and identical
repeats, even racing the request that stores, never refuse it.
Staff intake (imports, the mailbox, manual entry) never passes through these routes.

A client address is counted by its key (consultation/intake/countkeys.py): IPv4 as it is, IPv6 by its /64
(RATE_LIMIT_IPV6_PREFIX), so one IPv6 allocation is one client; an email by its mailbox, case-folded and
without a `+tag`. The IPv4 path pays one `":" in address` test for it: the feedback path is budgeted.
"""
from __future__ import annotations

import functools
import math
import os
import time
from typing import NamedTuple

from flask import Flask, abort, current_app, make_response, request
from flask_babel import gettext as _

from consultation.intake import contacts, counters, countkeys, windows
from consultation.intake.contacts import ContactFull
from consultation.intake.jsonbody import BadBody
from consultation.submissions import NotEarlier

from .api.body import parsed

from . import errors

# name: (environment variable, default, endpoints). Values are Flask-Limiter rate strings ("5/minute;30/hour").
LIMITS = {
    "feedback": ("RATE_LIMIT_FEEDBACK", "5/minute;30/hour",
                 ("api.feedback", "public.check_answers", "public.amend", "public.withdraw")),
    "self_check": ("RATE_LIMIT_SELF_CHECK", "10/minute;60/hour", ("selfcheck.start", "selfcheck.api_self_check")),
    "ask": ("RATE_LIMIT_ASK", "20/minute;300/hour", ("ask.api_ask", "ask.page")),
    "login": ("RATE_LIMIT_LOGIN", "10/minute;50/hour", ("office.login", "office.login_code")),
    # Every step posted on the form's comments page stores its draft (consultation/drafts.py), the background
    # "keep" of a page being left too: one address cannot fill the database with drafts.
    "draft": ("RATE_LIMIT_DRAFT", "30/minute;300/hour", ("public.feedback_post",)),
    # The bots count it too, in the same counters (consultation/intake/contacts.py, the one source of its
    # setting, default, counter names and keys).
    "contact": (contacts.SETTING, contacts.DEFAULT, ("api.feedback", "public.check_answers")),
    # Lookups through a private receipt link (page, change, withdraw, API) that find nothing: a wrong token or
    # an unknown reference alike, whatever the method. Counted by `guarded_lookup`, not `limited`.
    "receipt_miss": ("RATE_LIMIT_RECEIPT_MISS", "10/minute;50/hour",
                     ("api.feedback_lookup", "public.receipt", "public.amend", "public.withdraw")),
    # Saved self-check links (the link itself, each page of its wizard, its result and downloads) whose token
    # matches nothing. Its own limit, not the receipts': its remedy differs (start a new self-check; the office
    # cannot look one up), and a wizard's many pages by the owner are never counted anyway (found()).
    "self_check_miss": ("RATE_LIMIT_SELF_CHECK_MISS", "10/minute;50/hour",
                        ("selfcheck.resume", "selfcheck.step", "selfcheck.result", "selfcheck.download",
                         "selfcheck.download_docx")),
    # Office API requests whose bearer token matches no active token (wrong, revoked, or an account disabled):
    # a failed sign-in, as a wrong password is. Counted by `bearer_lookup` wherever a token is read, so it has
    # no endpoints of its own.
    "token_miss": ("RATE_LIMIT_TOKEN_MISS", "10/minute;50/hour", ()),
    # Requests to /wechat refused by its checks (a wrong or missing signature, a bad or stale timestamp, a wrong
    # msg_signature or app id, a replayed timestamp and nonce): WeChat's servers never send one. Counted by the
    # route on each refusal (`miss`), not around every request: a right signature is never counted, since
    # WeChat's many messages in flight from its few addresses would otherwise fill the counter, and guessing
    # a SHA-1 over the token is hopeless anyway (the cost was the log and the workers' time: attack round 13, F5).
    "wechat_miss": ("RATE_LIMIT_WECHAT_MISS", "10/minute;50/hour", ()),
}
# Limits counted around every request to their endpoints and given back when the view found what it looked up.
LOOKUP_LIMITS = frozenset({"receipt_miss", "self_check_miss", "token_miss"})
# The per-contact counters' names, by field of the submitter (their values are kept only as hashes).
CONTACT_COUNTERS = contacts.COUNTERS
_CONTACT_KINDS = contacts.KINDS
# Set in the request's environ by stored(): per request, read by `limited` on the request it already holds
# (Flask's `g` is the app context's, which a caller may keep across requests, and each use of its proxy
# looks the context up).
_STORED = "consult.contact_stored"
_FOUND = "consult.lookup_found"  # set by found(), likewise per request
# Set in the request's environ by `limited` on a storing endpoint: over the per-address limit, a retry may
# still be answered from the store (submit's replay_only); otherwise the per-contact counting, called by
# submit in its storing transaction once the submission is known to be new (before_store), and what it
# added (given back when nothing was stored after all).
_REPLAY = "consult.replay_only"
_BEFORE_STORE = "consult.before_store"
# Seconds (real clock) a request counted the careful way waits before trying again when it would store but
# its contact counter is full: the counter may be full only of requests in flight that will store nothing
# (retries, or identical repeats, of this very submission, counted before their views and given back when
# they find it stored). They wait on this request's storing transaction (SQLite's writer lock, PostgreSQL's
# repeat guard), so this request rolls back first and tries again once one of them has stored it: it is then
# answered the stored response (a keyed retry) or the repeat's. With no such request in flight the counter
# is truly full and the request is refused 429 after these pauses (0.75 s in all; the careful path only).
CONTACT_FULL_PAUSES = (0.05, 0.1, 0.2, 0.4)
# Endpoints without a per-contact limit that still answer, over their per-address limit, a retry of what they
# stored under an Idempotency-Key (replay_only(); the storing endpoints with a contact limit always do).
REPLAYING = frozenset({"selfcheck.api_self_check"})
# Endpoints whose POSTs mostly move between steps (add a comment, check, go back): only the one that stores
# is counted, told by the form field and value its submit button sends.
STORING_ACTION = {"public.amend": ("action", "confirm")}


def _contacts(endpoint: str, req, windows: tuple) -> list[tuple[tuple[str, str], tuple]]:
    """The submitter's email and phone from the request, normalised, each as its counter ((counter name,
    value), `windows`) by the rule every channel counts by (contacts.counted); a field without a value is
    left out. The storage keeps them as hashes only (consultation/intake/windows.py: Python's keyed hash in
    memory; in Redis a BLAKE2b keyed from the app's secret, contacts.key_of). This runs on every submission:
    no helper call per field (bench/limits_cost.py --instructions, bench/README.md, tenth session)."""
    if endpoint == "public.check_answers":
        submitter = _from_cookie()
    else:
        # The API's JSON, parsed once (the view reads the same). Its content type is not asked first
        # (werkzeug parses the header on every reading): a body the view refuses, as not JSON or otherwise,
        # stores nothing, so its contact counters are given back.
        try:
            body = parsed()
        except BadBody:  # the view answers it with a 400
            return []
        submitter = body.get("submitter") if body.__class__ is dict else None
    return contacts.counted(submitter, windows)


def _from_cookie():
    """The form's submitter, from the answers kept in its cookie."""
    from .public.feedback import details_from_cookie

    return (details_from_cookie() or {}).get("submitter")


def found() -> None:
    """Called by a view whose private link matched what it looks up (a submission, a saved self-check): the
    owner opening their own link is never counted against RATE_LIMIT_RECEIPT_MISS or RATE_LIMIT_SELF_CHECK_MISS
    (the count added before the view is given back)."""
    request.environ[_FOUND] = True


def replay_only() -> bool:
    """For a storing view: the request is over its per-address limit, so submit may only answer a retry
    from the store (submit(replay_only=True)); its NotEarlier is answered 429 by `limited`."""
    return request.environ.get(_REPLAY, False)


def before_store():
    """For a storing view: what submit calls once the submission is new (submit(before_store=…)): the
    per-contact counting, whose ContactFull is answered 429 by `limited`. None when the limits are off."""
    return request.environ.get(_BEFORE_STORE)


def stored() -> None:
    """Called by a view once a submission is stored: only then does it count against the per-contact
    limit, so refused bodies (no consent, a bad field) cannot use up someone else's budget. The counters
    were added to before the view; a request that does not call this gives them back (RequestLimits)."""
    request.environ[_STORED] = True


class Miss(NamedTuple):
    """A refusal counted by `RequestLimits.miss`."""

    retry_after: int | None  # over the limit: answer 429 with this Retry-After (seconds); None: within it
    log: bool  # the address's first refusal in the limit's shortest window: log it (and only it)
    window: int  # that window's length in seconds, for the log line


class RequestLimits:
    """The limits of each endpoint, checked around its view (`limited`). Flask-Limiter's three decorators
    per route resolved and re-parsed their limit strings, exemptions and headers on every request, and the
    `limits` library's storage took two calls per counter: here every counter of a request is tested and
    added to in one call (consultation/intake/windows.py; bench/limits_cost.py). A counter is named by a
    tuple, ("feedback", client address) or ("contact-email", address), and holds all its limit's windows."""

    def __init__(self, storage_uri: str, prefix: str, values: dict[str, str], secret: str | None = None,
                 workers: int = 1, enabled: bool = True):
        self.prefix = prefix
        self.enabled = enabled
        self._secret = secret
        # `workers`: the processes of this server, between which Redis's limits are divided while it is
        # unreachable (consultation/intake/windows.py)
        self.counters = windows.from_uri(storage_uri, counters.URI, self.key_of, workers)
        # name: ((amount, window in seconds, the window's label in a Redis key), …), parsed once
        self.windows = {name: contacts.spans(value) for name, value in values.items()}
        # endpoint: ((limit per client address, its windows), …), and the per-contact windows or None
        self.endpoints: dict[str, tuple[tuple[tuple[str, tuple], ...], tuple | None]] = {}
        # endpoint: (counter name, its windows) of the lookup limit (LOOKUP_LIMITS) that endpoint has
        self.lookups: dict[str, tuple[str, tuple]] = {}
        for name, (_variable, _default, endpoints) in LIMITS.items():
            if name in LOOKUP_LIMITS:
                self.lookups.update((endpoint, (name, self.windows[name])) for endpoint in endpoints)
                continue
            for endpoint in endpoints:
                by_address, per_contact = self.endpoints.get(endpoint, ((), None))
                if name == "contact":
                    per_contact = self.windows[name]
                else:
                    by_address += ((name, self.windows[name]),)
                self.endpoints[endpoint] = by_address, per_contact

    @functools.cached_property
    def _keyed(self):
        return contacts.keyed(self._secret or current_app.secret_key)

    def key_of(self, name: tuple) -> str:
        """A counter's name in Redis (contacts.key_of: shared storage never holds an email or a phone number;
        the bots' counters have the same keys)."""
        return contacts.key_of(self.prefix, self._keyed, name)

    @functools.cached_property
    def contact_limit(self) -> contacts.ContactLimit:
        """RATE_LIMIT_CONTACT for the bots that store in this process (the WeChat route): the same counters
        and windows as the form's and the API's, so a contact counts alike on every channel."""
        return contacts.ContactLimit(self.counters, self.windows["contact"], self.enabled)

    def limited(self, endpoint: str, view):
        """The endpoint's view with its limits around it: a POST (for STORING_ACTION endpoints, the one
        that stores) is counted, and refused with a 429 when a counter is full. On the endpoints that store
        submissions, the address and the contact are counted in one call, the contact given back when
        nothing was stored (stored()), even if the view raised. When a contact counter is full, perhaps
        only with retries in flight that will store nothing, the request is counted again the careful way:
        the per-contact counters added to by submit itself, in its storing transaction, once the submission
        is known to be new (before_store), so retries and identical repeats racing the request that stores
        never refuse it; if that request is the one that stores while they hold the counter, it rolls back
        and waits for one of them to store (CONTACT_FULL_PAUSES). A request over its per-address limit is
        still answered when it retries a stored one (the same Idempotency-Key and body: submit's replay_only).

        Around the view rather than in a before_request hook: the hook ran on every request of the app,
        looked its endpoint up, and needed an after-request function for the contact counters, and Flask
        inspects every such function for a coroutine (bench/limits_cost.py). The view runs after the app's
        own before_request steps (CSRF, NUL refusal), as the hook, registered last, did."""
        plan = self.endpoints[endpoint]
        storing = STORING_ACTION.get(endpoint)

        @functools.wraps(view)
        def guarded(*args, **kwargs):
            req = request._get_current_object()
            if req.method != "POST" or (storing is not None and req.form.get(storing[0]) != storing[1]):
                return view(*args, **kwargs)
            per_contact = plan[1]
            if per_contact is None:
                refused = self.check(plan, req)
                if refused is None:
                    return view(*args, **kwargs)
                if endpoint not in REPLAYING:
                    return self._refusal(refused)
                # Over the per-address limit: a retry of a keyed save gets its stored answer all the same.
                req.environ[_REPLAY] = True
                try:
                    return view(*args, **kwargs)
                except NotEarlier:
                    return self._refusal(refused)
            # The usual submission: its address and contact counted in one call, the contact given back if
            # nothing is stored (the second call a submission made otherwise cost ~22,000 instructions,
            # bench/README.md, eleventh session).
            contact = _contacts(endpoint, req, per_contact)
            refused = self.check(plan, req, contact)
            if refused is None:
                try:
                    return view(*args, **kwargs)
                finally:
                    if contact and not req.environ.get(_STORED):
                        self.counters.release(contact)
            if refused[1][0] in _CONTACT_KINDS:
                # A contact counter full, perhaps only with requests in flight that will store nothing (retries
                # of one submission racing it): counted again the careful way, the contact by submit in its
                # storing transaction once the submission is known to be new (before_store).
                refused = self.check(plan, req)
                if refused is None:
                    count = contacts.Count(self.contact_limit, contact)
                    req.environ[_BEFORE_STORE] = count.before_store
                    try:
                        for pause in CONTACT_FULL_PAUSES:
                            try:
                                return view(*args, **kwargs)
                            except ContactFull:
                                time.sleep(pause)  # nothing stored: see CONTACT_FULL_PAUSES
                        return view(*args, **kwargs)
                    except ContactFull as exc:
                        return self._refusal(exc.refused)
                    finally:
                        count.settle(bool(req.environ.get(_STORED)))
            # Over the per-address limit: a retry of a stored submission gets its stored answer all the same.
            req.environ[_REPLAY] = True
            try:
                return view(*args, **kwargs)
            except NotEarlier:
                return self._refusal(refused)

        return guarded

    @staticmethod
    def _refusal(refused):
        wait, full = refused
        response = too_many(kind="contact" if full[0] in _CONTACT_KINDS else full[0])
        response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
        return response

    def guarded_lookup(self, endpoint: str, view):
        """The view of a private-link endpoint with the per-address limit on lookups that find nothing
        around it: every request is counted before the view (so an address over the limit is refused even
        a right token until the window has passed: otherwise a guess that hits would still be answered),
        and the count is given back when the view found the submission (found()). A wrong token and an
        unknown reference count alike, so the 429 tells no more than the 404 does."""
        name, spans = self.lookups[endpoint]

        @functools.wraps(view)
        def guarded(*args, **kwargs):
            req = request._get_current_object()
            address = req.remote_addr or "127.0.0.1"
            if ":" in address:  # IPv6: its network (countkeys.client)
                address = countkeys.client(address)
            counted = [((name, address), spans)]
            refused = self.counters.acquire(counted)
            if refused is not None:
                response = too_many(kind=name)
                response.headers["Retry-After"] = str(max(1, math.ceil(refused[0])))
                return response
            try:
                return view(*args, **kwargs)
            finally:
                if req.environ.get(_FOUND):
                    self.counters.release(counted)

        return guarded

    def bearer_lookup(self, find):
        """`find()`'s account for the request's bearer token, with the per-address limit on tokens that match
        nothing (RATE_LIMIT_TOKEN_MISS) around it, as `guarded_lookup` does for receipt links: counted before
        the lookup and given back when it found an account, so an address over the limit is answered 429 even
        for a right token (a guess that hits is not answered) until the window has passed."""
        if not self.enabled:
            return find()
        counted = [(("token_miss", countkeys.client(request.remote_addr or "127.0.0.1")), self.windows["token_miss"])]
        refused = self.counters.acquire(counted)
        if refused is not None:
            response = too_many(kind="token_miss")
            response.headers["Retry-After"] = str(max(1, math.ceil(refused[0])))
            abort(response)
        account = find()
        if account is not None:
            self.counters.release(counted)
        return account

    def miss(self, name: str) -> Miss:
        """One refusal of `name` (a limit its route counts itself, such as wechat_miss) from the request's client
        address: counted, `retry_after` set once the address is over the limit (the caller answers 429 with it),
        and `log` true only for the address's first refusal in the limit's shortest window. A client sending
        hundreds a second then writes one log line per window, not one per request (attack round 13, F5: 1,701
        lines from one run); that gate is its own one-a-window counter, so a later refusal in the window is not
        logged even once over the limit, and it works with the limits off too (a benchmark's log is spared)."""
        address = request.remote_addr or "127.0.0.1"
        if ":" in address:  # IPv6: its network (countkeys.client)
            address = countkeys.client(address)
        spans = self.windows[name]
        _amount, seconds, label = min(spans, key=lambda window: window[1])
        gate = ((1, seconds, "1/" + label.split("/", 1)[1]),)  # one a window: the shortest of the limit
        log = self.counters.acquire([((name + "_logged", address), gate)]) is None
        if not self.enabled:
            return Miss(None, log, int(seconds))
        refused = self.counters.acquire([((name, address), spans)])
        return Miss(None if refused is None else max(1, math.ceil(refused[0])), log, int(seconds))

    def check(self, plan, req, contact: list | None = None) -> windows.Refused | None:
        """Test and add to the request's per-address counters, and `contact`'s if given, in one call: None or
        (seconds to wait, the full counter's name). `plan`: the endpoint's limits as `self.endpoints` holds
        them, built once."""
        address = req.remote_addr or "127.0.0.1"
        if ":" in address:  # IPv6: its network (countkeys.client); IPv4 costs this one test
            address = countkeys.client(address)
        counted = [((name, address), spans) for name, spans in plan[0]]
        return self.counters.acquire(counted + contact if contact else counted)


def init_app(app: Flask) -> RequestLimits:
    """Put the limits around the views of the app's limited endpoints (its routes must exist)."""
    env = os.environ
    app.config.setdefault("RATELIMIT_ENABLED", counters.enabled(env.get("RATELIMIT_ENABLED", "true")))
    app.config["RATELIMIT_ENABLED"] = counters.enabled(app.config["RATELIMIT_ENABLED"])
    app.config.setdefault("RATELIMIT_KEY_PREFIX", env.get("RATELIMIT_KEY_PREFIX", "consult"))
    # Read here, so that a wrong value stops the start-up rather than the first IPv6 client's request.
    countkeys.ipv6_prefix(app.config.get(countkeys.PREFIX_SETTING) or env.get(countkeys.PREFIX_SETTING)
                          or countkeys.DEFAULT_PREFIX)
    redis_url = app.extensions["services"].settings.redis_url
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or counters.URI)
    if app.config["RATELIMIT_STORAGE_URI"] == "memory://":  # the same counters, without a thread per request
        app.config["RATELIMIT_STORAGE_URI"] = counters.URI
    shared = not app.config["RATELIMIT_STORAGE_URI"].startswith(counters.URI)
    from .server import default_workers

    processes = int(app.config.get("WEB_WORKERS") or default_workers())
    workers = 1 if shared else processes
    values = {name: counters.divided(app.config.get(variable) or env.get(variable) or default, workers)
              for name, (variable, default, _endpoints) in LIMITS.items()}
    limits = RequestLimits(app.config["RATELIMIT_STORAGE_URI"], app.config["RATELIMIT_KEY_PREFIX"], values,
                           app.secret_key, processes, app.config["RATELIMIT_ENABLED"])
    app.extensions["rate_limits"] = limits
    if app.config["RATELIMIT_ENABLED"]:
        for endpoint in limits.endpoints:
            if endpoint in app.view_functions:
                app.view_functions[endpoint] = limits.limited(endpoint, app.view_functions[endpoint])
        for endpoint in limits.lookups:
            if endpoint in app.view_functions:
                app.view_functions[endpoint] = limits.guarded_lookup(endpoint, app.view_functions[endpoint])
    return limits


def too_many(kind: str = ""):
    """429, localized: JSON under /api/, a page elsewhere (the caller adds Retry-After). A full per-contact
    counter says so: a clerk sending colleagues' comments from one mailbox is not sending fast, and "too many
    requests in a short time" with an hour to wait would not tell them why. So does the limit on private
    links that match nothing: someone whose link was cut by a mail program is told what to do instead (for a
    self-check link, which no one else can look up, that is to start again)."""
    if kind == "self_check_miss":
        message = _("Too many self-check links that match no saved self-check have been opened from your address "
                    "recently. Please wait and try again later. If your link does not work, you can start a new "
                    "self-check.")
    elif kind == "token_miss":
        message = _("Too many requests with an API token that matches no active token have come from your address "
                    "recently. Please wait and try again later, and check the token the office gave you.")
    elif kind == "receipt_miss":
        message = _("Too many receipt links that match no feedback have been opened from your address recently. "
                    "Please wait and try again later. If your link does not work, write to the office's mailbox "
                    "with your reference.")
    elif kind == "contact":
        message = _("Too many comments have been submitted with this email address or phone number recently. "
                    "Please wait and try again later, or write to the office's mailbox.")
    else:
        message = _("Too many requests from you in a short time. Please wait and try again later.")
    return make_response(*errors.answer(429, "rate_limited", _("Too many requests"), message))
