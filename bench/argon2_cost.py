"""CPU and wall time of one failed sign-in's argon2 verification: the service's parameters against
argon2-cffi's default (RFC 9106 low-memory), so the choice in consultation/office/passwords.py is measured.

    .venv/bin/python bench/argon2_cost.py [--rounds 20]
"""
from __future__ import annotations

import argparse
import time

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

from consultation.office.passwords import hasher


def measure(ph: PasswordHasher, rounds: int) -> tuple[float, float]:
    stored = ph.hash("amber river lantern seven")
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        try:
            ph.verify(stored, "a wrong password here")
        except VerificationError:
            pass
    return (time.process_time() - cpu) / rounds * 1000, (time.perf_counter() - wall) / rounds * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    for name, ph in (("service (OWASP minimum)", hasher), ("argon2-cffi default (RFC 9106 low-memory)", PasswordHasher())):
        cpu, wall = measure(ph, rounds)
        print(f"{name}: m={ph.memory_cost} KiB t={ph.time_cost} p={ph.parallelism}: "
              f"CPU {cpu:.1f} ms, wall {wall:.1f} ms per verification")


if __name__ == "__main__":
    main()
