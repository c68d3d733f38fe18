"""WeChat Official Account commands: publish the custom menu, deliver the outbox."""
import json

import click

from . import main


def _setup():
    from bot.wechat.api import WeChatAPI
    from bot.wechat.config import WeChatConfig
    from consultation.services import Services

    config = WeChatConfig.load()
    if config is None or not config.can_call_api:
        raise click.ClickException("set WECHAT_TOKEN, WECHAT_APPID and WECHAT_APPSECRET first")
    services = Services()
    return services, config, WeChatAPI(config, services.sessionmaker)


@main.command("wechat-menu")
@click.option("--locale", default="zh_CN", show_default=True, help="Language of the button names.")
@click.option("--dry-run", is_flag=True, help="Print the menu instead of publishing it.")
def wechat_menu(locale, dry_run):
    """Publish the Official Account's custom menu (read, comment, ask, self-check, ...)."""
    from bot.wechat.api import WeChatAPIError
    from bot.wechat.menu import build_menu

    menu = build_menu(locale)
    if dry_run:
        click.echo(json.dumps(menu, ensure_ascii=False, indent=2))
        return
    _services, _config, api = _setup()
    try:
        api.create_menu(menu)
    except WeChatAPIError as exc:
        raise click.ClickException(f"the platform refused the menu: {exc}") from exc
    finally:
        api.close()
    click.echo(f"menu published: {', '.join(b['name'] for b in menu['button'])}")


@main.command("wechat-worker")
@click.option("--poll", default=1.0, show_default=True, type=float, help="Seconds between outbox rounds.")
@click.option("--once", is_flag=True, help="Deliver what is due once and exit.")
def wechat_worker(poll, once):
    """Deliver WeChat replies owed through the customer-service API (deferred and long answers)."""
    import logging
    import signal
    import threading

    from bot.wechat.adapter import WeChatAdapter
    from bot.wechat.outbox import deliver_due, run_worker
    from bot.wechat.runtime import recover_stranded

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    services, _config, api = _setup()
    adapter = WeChatAdapter(services)
    try:
        if once:
            recover_stranded(services, adapter)
            click.echo(f"sent {deliver_due(services.sessionmaker, api)}")
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        click.echo("wechat outbox worker running")
        run_worker(services.sessionmaker, api, poll=poll, stop=stop, recover=lambda: recover_stranded(services, adapter))
    finally:
        api.close()
