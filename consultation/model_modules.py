"""Modules that define tables; Alembic and the schema check import them all.

Each area (consultation, guidance, bot, office) adds its models module here and
keeps its migrations on its own Alembic branch, so areas evolve independently.
"""
MODEL_MODULES = [
    "consultation.models",
    "bot.models",
    "bot.wechat.models",
    "guidance.models",
    "consultation.office.models",
    "consultation.expiring",
    "consultation.revisions.models",
    "consultation.inbound.models",
]
