"""The `consult` command line: one group, one module per area.

Each area registers its commands in its own module so areas can grow
without editing each other's code.
"""
import importlib

import click

AREA_MODULES = ["commands.core", "commands.wechat", "commands.bot", "commands.selfcheck", "commands.guidance", "commands.office_io", "commands.office", "commands.inbound", "commands.revisions"]


@click.group()
def main():
    """Anhui AI demonstration zone guideline: consultation and guidance service."""


def worker_logging(once: bool, verbose: bool) -> None:
    """Logging of the workers (mail, mail intake): what each pass does when looping or asked (-v), only
    warnings for a single pass (--once, from cron)."""
    import logging

    logging.basicConfig(level=logging.INFO if verbose or not once else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")


for _module in AREA_MODULES:
    importlib.import_module(_module)
