"""Form bodies and query strings whose text is not UTF-8: refused with a localized 400, for every route.

Why: Werkzeug never refuses such text, it reads it another way. In a form body or a query string a
percent-escape that is not UTF-8 is kept as the literal text "%B1%ED", and the escapes that happen to form
UTF-8 become unrelated characters; a multipart text field's bytes are decoded with U+FFFD in place of what
is not UTF-8. A form posted as GBK (`application/x-www-form-urlencoded; charset=gbk`) was so stored as
"%B1%ED%B5%A5%CCύ%B5Ľ..." with a receipt, and the office got the garbage (attack round 6, F3), where the
JSON API refuses the same bytes (consultation/intake/jsonbody.py). Here, before any hook or view reads the
request (the CSRF check, the rate limits, the views' forms), a request is refused when:

- its query string holds percent-escapes that are not UTF-8 (`?q=%B1%ED`): `consult serve` already gives
  the app non-ASCII characters as UTF-8 escapes (web/bodyfirst.py), and Granian refuses raw bytes that are
  not UTF-8, so this is the escapes' turn;
- its body is a form (urlencoded or multipart) and a field's name or text, once percent-decoded, is not UTF-8,
  or is not in the charset Werkzeug reads a multipart part with (its own label, see below); a multipart
  part with a file name holds a file, whose bytes are the file's own business and not checked;
- its form names a charset other than UTF-8 in its Content-Type (the body's, or a multipart text part's):
  `charset=gbk`, `big5`, `utf-16` or anything else than UTF-8, US-ASCII and ISO-8859-1 (a few spellings each). Werkzeug would read such a body as UTF-8
  anyway, and a short GBK text can be valid UTF-8 by chance (GBK 模 is C4 A3, UTF-8 "ģ"): the label says it
  is not what we would read. US-ASCII and ISO-8859-1 labels are taken: HTTP libraries put ISO-8859-1 on every
  form by default (Apache HttpClient's APPLICATION_FORM_URLENCODED) whatever they encode. On an urlencoded
  body the label has no meaning (the WHATWG URL standard reads it as UTF-8 whatever it says, and so does
  Werkzeug), so the bytes must still be UTF-8; on a multipart text part Werkzeug honours ISO-8859-1, which
  reads any bytes.

Browsers send our forms as UTF-8 (every page declares UTF-8 and no form names another accept-charset), so
only scripts and odd clients meet this. Nothing is read further and nothing is stored: the page (or, under
/api/, the JSON error with the field's name) says to send the text as UTF-8.

A body in a content coding (`Content-Encoding: gzip`, `br` …) is refused before that, by
`refuse_content_coding`: the service decodes none, and Werkzeug, the JSON reader and the forms read whatever
bytes come as the body itself, so `Content-Encoding: br` on plain JSON was taken as plain JSON and a real gzip
body was a 400 "not UTF-8 JSON" (attack round 13, F3). RFC 9110 §15.5.16: 415, with `Accept-Encoding: identity`
saying what is read (§12.5.3). `identity` (no coding) is the body as it is, and a request with no body is not
refused for a header about content it does not have. One hook for every route, so every body-taking endpoint
(the JSON API, the forms, the bots' webhooks) answers alike, and the OpenAPI document lists the 415 on every
operation with a request body (web/api/openapi.py).
"""
from __future__ import annotations

from urllib.parse import unquote_to_bytes

from flask import make_response, request
from flask_babel import gettext as _
from werkzeug.formparser import MultiPartParser
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from consultation.i18n import N_

from .errors import error_page, is_api_request, json_error

URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
# Charset labels a form may carry (compared lower-cased). A fixed list, not codecs.lookup(): Python caches
# every name looked up, unknown ones too, so each request's label would stay in memory for good.
LABELS = frozenset({"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1"})

MSG_FORM = N_("The form was not sent as UTF-8 text, so it could not be read. Nothing was saved. Please open "
              "the page again and send the form from it, or send the text encoded as UTF-8.")
MSG_CODING = N_("The request's content was sent compressed or otherwise encoded (Content-Encoding), which this "
                "service does not read. Nothing was saved. Please send it again without a content coding.")
MSG_QUERY = N_("The address holds characters that are not UTF-8 encoded, so it could not be read. Please check "
               "the link, or open the page again from this site.")


def refuse_not_utf8():
    """The before-request hook: a 400 for a query string or form body that is not UTF-8, else nothing."""
    query = request.query_string
    if b"%" in query:
        name = _bad_pair(query)
        if name is not None:
            return _refused(MSG_QUERY, name)
    content_type = request.environ.get("CONTENT_TYPE")
    if not content_type:
        return None
    mimetype, options = parse_options_header(content_type)
    if mimetype == URLENCODED:
        if not _label_ok(options.get("charset")):
            return _refused(MSG_FORM, "")
        # Cached: Werkzeug parses the form from the same bytes (Request._get_stream_for_parsing).
        name = _bad_pair(request.get_data(cache=True))
    elif mimetype == MULTIPART and options.get("boundary"):
        name = _bad_part(request.get_data(cache=True), options["boundary"].encode("latin-1"))
    else:
        return None
    if name is not None:
        return _refused(MSG_FORM, name)
    return None


# What a request's Content-Encoding may say: no coding at all. Answered in Accept-Encoding with the 415.
READ_CODINGS = ("identity",)


def refuse_content_coding():
    """The before-request hook: a 415 for a request whose content is in a coding the service does not decode
    (any but identity), else nothing. Before refuse_not_utf8, the CSRF check, the limits and the views, none of
    which would decode it."""
    header = request.headers.get("Content-Encoding")
    if header is None:
        return None
    codings = {c.strip().lower() for c in header.split(",")} - {"", *READ_CODINGS}
    if not codings or not (request.content_length or request.headers.get("Transfer-Encoding")):
        return None
    if is_api_request():
        response = make_response(json_error(415, "unsupported_encoding", _(MSG_CODING)))
    else:
        response = make_response(error_page(415, _("This request could not be read"), _(MSG_CODING)))
    response.headers["Accept-Encoding"] = ", ".join(READ_CODINGS)
    return response


def _label_ok(label: str | None) -> bool:
    return label is None or label.strip().lower() in LABELS


def _bad_pair(data: bytes) -> str | None:
    """The name of the first field of an urlencoded string (a body or a query string) that is not UTF-8
    once percent-decoded, or None when all are."""
    try:
        # The separators (& =) are ASCII, which is never part of a multi-byte UTF-8 sequence: the whole string
        # decodes when, and only when, every name and value in it does.
        unquote_to_bytes(data).decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    for pair in data.split(b"&"):
        name, _sep, value = pair.partition(b"=")
        try:
            unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return _shown(name)
        try:
            unquote_to_bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            return _shown(name)
    return ""


def _bad_part(data: bytes, boundary: bytes) -> str | None:
    """The name of the first text part of a multipart body that is not in its charset or names another (""
    for a part whose headers are not UTF-8), or None when all are.
    A body Werkzeug cannot parse at all is left to it (it reads an empty form, and the CSRF check refuses it);
    over its limits, its own 413 is raised here as it would be there."""
    decoder = MultipartDecoder(boundary, max_form_memory_size=request.max_form_memory_size,
                               max_parts=request.max_form_parts)
    charset_of = MultiPartParser().get_part_charset  # the charset Werkzeug will read each text part with
    name, charset, chunks = "", "utf-8", None
    try:
        for chunk in (data, None):
            decoder.receive_data(chunk)
            event = decoder.next_event()
            while not isinstance(event, (Epilogue, NeedData)):
                if isinstance(event, Field):
                    name, chunks = event.name, []
                    label = parse_options_header(event.headers.get("content-type", ""))[1].get("charset")
                    if not _label_ok(label):
                        return name
                    charset = charset_of(event.headers)
                elif isinstance(event, File):
                    name, chunks = "", None
                elif isinstance(event, Data) and chunks is not None:
                    chunks.append(event.data)
                    if not event.more_data:
                        b"".join(chunks).decode(charset)
                        name, chunks = "", None
                event = decoder.next_event()
    except UnicodeDecodeError:  # a text part's bytes (its name), or a part's headers, which Werkzeug reads as UTF-8 ("")
        return name
    except ValueError:
        return None
    return None


def _shown(name: bytes) -> str:
    """A field's name as the JSON error gives it: percent-decoded, U+FFFD for what is not UTF-8, 40 characters."""
    return unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace")[:40]


def _refused(message: str, name: str):
    if is_api_request():
        return json_error(400, "bad_encoding", _(message), field=name)
    return error_page(400, _("This request could not be read"), _(message))
