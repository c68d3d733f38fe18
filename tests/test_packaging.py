"""The package works installed, not only from the source tree: `pip install .` then start from elsewhere.

Built once per test run (it does not depend on the database)."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")),
                                reason="database-independent: runs in the SQLite pass only")


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel's contents unpacked into a folder of their own, as site-packages would hold them."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    (wheel,) = out.glob("*.whl")
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(target)
    return target


def test_installed_package_serves_pages_in_both_languages_from_another_folder(installed, tmp_path):
    script = (
        "import web\n"
        "from web import create_app\n"
        "assert web.__file__.startswith(%r), web.__file__\n"
        "client = create_app().test_client()\n"
        "zh = client.get('/')\n"
        "en = client.get('/?lang=en')\n"
        "assert zh.status_code == 200 and en.status_code == 200, (zh.status_code, en.status_code)\n"
        "print(zh.data != en.data and 'lang=\"en\"' in en.get_data(as_text=True))\n" % str(installed)
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONSULT_", "DATABASE_URL"))}
    env.update(PYTHONPATH=str(installed), CONSULT_INSTANCE=str(tmp_path / "instance"))
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.splitlines()[-1] == "True"
    # Nothing was written next to the installed code.
    assert not list(installed.rglob("*.mo"))
