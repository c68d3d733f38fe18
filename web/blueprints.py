"""Every blueprint the app registers, as "module:attribute" (default attribute: bp).

CSRF_EXEMPT lists, in the same form, the only blueprints and views that take
no CSRF token, each with why; OPENAPI the parts of the OpenAPI document
(web.api.openapi.Part), each next to its routes. One line per area; keep the order.
"""
BLUEPRINTS = [
    "web.public.views:bp",
    "web.api.views:bp",
    "web.selfcheck:bp",
    "web.ask:bp",
    "bot.wechat.views:bp",
    "web.office.views:bp",
    "web.office.publish_views:summary_bp",
    "web.office.api:bp",
    "web.revisions.views:bp",
    "web.revisions.public:public_bp",
    "web.inbound.views:bp",
]

# Switched off here and nowhere else: each reads no cookie session and authenticates otherwise.
CSRF_EXEMPT = [
    "web.api.views:bp",  # the public JSON API: the request alone, no cookies (web.NoCookieSessionForTheApi)
    "web.selfcheck:api_self_check",  # the same, for the self-check
    "web.ask:api_ask",  # the same, for questions
    "bot.wechat.views:bp",  # the platform's callbacks, authenticated by its signature
    "web.office.api:bp",  # the office API: bearer tokens, no cookies
]

# The OpenAPI document's parts (/api/v1/openapi.json), collected by create_app.
OPENAPI = [
    "web.api.openapi:PUBLIC_API",
    "web.selfcheck:OPENAPI",
    "web.ask:OPENAPI",
    "web.office.api:OPENAPI",
]
