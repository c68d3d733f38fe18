"""Every blueprint the app registers, as "module:attribute" (default attribute: bp).

A module may set CSRF_EXEMPT = True (JSON APIs and platform callbacks that
authenticate otherwise). One line per area; keep the order.
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
    "web.revisions.views:public_bp",
    "web.inbound.views:bp",
]
