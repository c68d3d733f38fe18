"""bench/limits_cost.py is how issue 13's 5 % budget is measured (bench/README.md): it wraps the steps the limits
and data rules add by their names, so a rename in web/ or consultation/ broke it silently once. Running it on a
few requests keeps the measurement runnable; the figures themselves are not asserted (no timed assertions)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.once
@pytest.mark.slow
def test_limits_cost_runs_and_times_every_step(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CONSULT_INSTANCE": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "bench/limits_cost.py", "--n", "3", "--rounds", "1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert set(out["CPU µs per request (median)"]) == {"none", "data rules", "limits"}
    steps = out["steps of limits, CPU µs per request (median)"]
    # Every wrapped step was reached: a step renamed away would time nothing.
    assert steps["data rules"] > 0 and steps["limits"] > 0
