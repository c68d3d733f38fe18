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


for _module in AREA_MODULES:
    importlib.import_module(_module)
