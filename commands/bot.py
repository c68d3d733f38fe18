"""`consult bot`: the Telegram bot (long polling, or a webhook)."""
import logging
import os
import threading

import click

from . import main


@main.command("bot")
@click.option("--webhook", "webhook_url", default=None, metavar="URL",
              help="Public HTTPS URL Telegram posts updates to; without it the bot uses long polling.")
@click.option("--listen", default="127.0.0.1", show_default=True, help="Webhook: address to listen on.")
@click.option("--port", default=8443, show_default=True, type=int, help="Webhook: port to listen on.")
def bot(webhook_url, listen, port):
    """Run the Telegram bot (TELEGRAM_BOT_TOKEN; optional TELEGRAM_API_BASE_URL, TELEGRAM_WEBHOOK_SECRET)."""
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise click.UsageError("TELEGRAM_BOT_TOKEN is not set.")
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from bot.telegram import build_application, run_polling, run_webhook
    from bot.telegram.runner import webhook_secret
    from consultation.services import Services

    from bot.core.ratelimit import UserLimiter

    services = Services()
    from guidance.answer import warm_up

    def warm():  # a question meanwhile waits on the index's lock (guidance.index.get_index)
        try:
            click.echo(f"answer index ready in {warm_up():.1f} s")
        except Exception:  # logged; the first question builds it instead
            logging.getLogger(__name__).exception("answer index warm-up failed")

    # Build the answer index now, not on the first question, but without holding up polling.
    threading.Thread(target=warm, name="guidance-warm-up", daemon=True).start()
    limiter = UserLimiter.from_settings("telegram", os.environ, services.settings.redis_url)
    application, adapter = build_application(services, token, limiter=limiter,
                                             base_url=os.environ.get("TELEGRAM_API_BASE_URL") or None)
    if webhook_url:
        secret = os.environ.get("TELEGRAM_WEBHOOK_SECRET") or webhook_secret(services.settings.secret_key)
        click.echo(f"telegram bot: webhook {webhook_url} on {listen}:{port}")
        run_webhook(application, adapter, url=webhook_url, listen=listen, port=port, secret=secret)
    else:
        click.echo("telegram bot: long polling")
        run_polling(application, adapter)
