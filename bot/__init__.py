"""Messaging adapters: one platform-free conversation core (`bot.core`) and thin
platform adapters (`bot.telegram`, `bot.wechat`) that only translate events in
and replies out."""
