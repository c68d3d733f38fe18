"""Catalogs compile on start-up in every process: several starting at once must not trip over each other."""
import shutil
import threading

from consultation import i18n


def test_processes_compiling_at_once_all_succeed(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(i18n.LOCALES_DIR, locales, ignore=shutil.ignore_patterns("*.mo", "*.tmp"))
    monkeypatch.setattr(i18n, "LOCALES_DIR", locales)
    failures = []

    def compile_after(barrier):
        barrier.wait()
        try:
            i18n.compile_catalogs()
        except OSError as exc:  # before: a shared temporary file renamed away by another compiler
            failures.append(exc)

    for _ in range(10):
        for mo in locales.glob("*/*/LC_MESSAGES/*.mo"):
            mo.unlink()
        barrier = threading.Barrier(4)
        threads = [threading.Thread(target=compile_after, args=(barrier,)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []
    pos = sorted(locales.glob("*/*/LC_MESSAGES/*.po"))
    assert pos and all(po.with_suffix(".mo").stat().st_size > 0 for po in pos)
    assert not list(locales.rglob("*.tmp"))
