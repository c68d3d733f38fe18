"""HEAD answered as GET, at the root of the app, for every route.

Why: Flask routes HEAD to a route's GET view, but with `request.method` still "HEAD", and Flask-WTF does not
check the CSRF token of a HEAD (a safe method). Views that handle their form in the same function as their
page ("GET: render, otherwise: act on the form") then acted on a HEAD carrying a form body as on the form's
POST, with no CSRF check and no rate limit (RequestLimits counts POSTs): a HEAD stored a submission, saved a
change, withdrew one (a link checker's HEAD of the private withdraw link), changed an office password or
signed someone in (attack round 4, F0). Fixing each view would leave the next one open; here the app below
never sees a HEAD at all: the request reaches it as a GET with no body (RFC 9110 §9.3.2: HEAD is GET without
the content, and a HEAD's own content has no defined meaning), and the answer's body is dropped, its
headers (Content-Length included) kept. So whatever a GET of a URL does, a HEAD does, and nothing more.

Downloads that are built for the request (the office's exports, the published summary's files, the revisions
comparison) or read from the database (inbound originals) are the exception: a GET builds the file (seconds
for a large workbook) and an export's GET is audited as a download of it, so a HEAD (a link checker, a
browser's prefetch) built it for nothing and put in the audit log, the record of who took personal data, a
download of contacts that never happened (attack round 13, F6). The middleware marks the request (`HEAD`)
and those views answer `head_of_download` once their checks passed (the same 403/404/200 as a GET), before
building or auditing anything: the GET's headers bar Content-Length, which is not known without the file
(RFC 9110 §9.3.2 lets a HEAD leave out such fields).
"""
from __future__ import annotations

import io

from flask import Response, request, send_file

HEAD = "consult.head"  # environ key: this GET is a HEAD's (HeadAsGet), answered without its body


class HeadAsGet:
    """WSGI middleware: a HEAD request goes to `app` as a body-less GET, and its answer goes out without a body."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        if method != "HEAD" and method.upper() != "HEAD":
            return self.app(environ, start_response)
        # Werkzeug reads the method upper-cased (a request sent as "head" or "Head" is its HEAD, and Flask-WTF's
        # and the views' too), though HTTP method names are case-sensitive: every spelling of HEAD is answered
        # here, or "head" reached the views as a HEAD again (attack round 5).
        environ = dict(environ)
        environ.update({"REQUEST_METHOD": "GET", "CONTENT_LENGTH": "0", "wsgi.input": io.BytesIO(b""), HEAD: True})
        for key in ("CONTENT_TYPE", "HTTP_TRANSFER_ENCODING", "HTTP_CONTENT_ENCODING"):
            environ.pop(key, None)
        body = self.app(environ, start_response)
        try:
            # A generator app calls start_response on its first chunk: ask for it, then drop it with the rest.
            for _chunk in body:
                break
        finally:
            if hasattr(body, "close"):
                body.close()
        return []


def is_head() -> bool:
    """The request came as a HEAD: its answer's body will be dropped (HeadAsGet)."""
    return bool(request.environ.get(HEAD))


def head_of_download(mimetype: str, download_name: str | None = None, *, disposition: str | None = None) -> Response:
    """What a download view answers a HEAD once its checks passed: the GET's status, type and disposition, no
    Content-Length (unknown until built), with nothing built, read or audited. `download_name`: the view sends
    its file with send_file (the same Content-Disposition, made by it); `disposition`: the view's own header."""
    if download_name is not None:
        response = send_file(io.BytesIO(), mimetype=mimetype, as_attachment=True, download_name=download_name,
                             conditional=False)
    else:
        response = Response(iter(()), mimetype=mimetype, headers={"Content-Disposition": disposition or "attachment"})
    response.headers.pop("Content-Length", None)
    return response
