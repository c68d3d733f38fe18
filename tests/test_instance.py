"""The instance folder: created only by what writes there, and its secret key agreed on by racing processes."""
from __future__ import annotations

import logging
import multiprocessing
import os
import stat

import pytest
from click.testing import CliRunner

from commands import main
from consultation.config import Settings, instance_secret

pytestmark = pytest.mark.once


def _race(folder, barrier, results):
    barrier.wait()
    results.put(instance_secret(folder))


def test_two_processes_starting_together_agree_on_one_private_key(tmp_path):
    """Forked racers meet at a barrier, then each reads or makes the key; the old exists-then-write code gave
    two keys in about one round in twelve."""
    context = multiprocessing.get_context("fork")
    old_umask = os.umask(0)  # the file's mode must not depend on the umask
    try:
        for round_ in range(60):
            folder = tmp_path / f"instance{round_}"
            barrier, results = context.Barrier(2), context.Queue()
            racers = [context.Process(target=_race, args=(folder, barrier, results)) for _ in range(2)]
            for racer in racers:
                racer.start()
            keys = {results.get(timeout=60) for _ in racers}
            for racer in racers:
                racer.join(timeout=60)
                assert racer.exitcode == 0
            assert len(keys) == 1 and keys == {(folder / "secret_key").read_text()}
            assert stat.S_IMODE((folder / "secret_key").stat().st_mode) == 0o600
            assert [p.name for p in folder.iterdir()] == ["secret_key"]  # no candidate left behind
    finally:
        os.umask(old_umask)


def test_an_empty_key_file_is_refused_not_used(tmp_path):
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(RuntimeError, match="empty"):
        instance_secret(tmp_path)


def test_reading_the_settings_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings = Settings.from_env(instance=tmp_path / "instance")
    assert not (tmp_path / "instance").exists()
    assert settings.secret_key == (tmp_path / "instance" / "secret_key").read_text()  # made on first use


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A fresh working directory with no instance chosen in the environment."""
    for name in ("CONSULT_INSTANCE", "DATABASE_URL", "SECRET_KEY", "CONSULT_NOW"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_asking_from_another_folder_creates_no_instance(elsewhere):
    result = CliRunner().invoke(main, ["ask", "什么是示范区"])
    assert result.exit_code == 0, result.output
    assert list(elsewhere.iterdir()) == []


def test_the_first_write_names_the_instance_folder_it_creates(elsewhere, caplog):
    with caplog.at_level(logging.WARNING, logger="consultation.config"):
        result = CliRunner().invoke(main, ["init-db"])
    assert result.exit_code == 0, result.output
    assert (elsewhere / "instance" / "consult.db").exists()
    assert f"created the instance folder {elsewhere / 'instance'}" in caplog.text
    assert "CONSULT_INSTANCE is unset" in caplog.text
    assert f"instance: {elsewhere / 'instance'}" in result.output
