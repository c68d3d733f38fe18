"""`consult worker` killed with SIGKILL at one point of the delivery protocol: the crash tests' hook, kept
out of the product. Run as `python -m tests.office_io.crashing_worker POINT worker --once`.

The worker's transport is wrapped, and each point is where the protocol puts it:
claimed       after the claim, before the point of no return is recorded (the wrapped `before_data`)
before-data   after the point of no return is recorded, before DATA
after-data    after the server (or the .eml file) has the message, before the worker records it
after-accept  after the worker has recorded a delivery as sent (its next call on the transport)
"""
from __future__ import annotations

import os
import signal
import sys

from consultation.mail import worker

POINTS = ("claimed", "before-data", "after-data", "after-accept")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class CrashingTransport:
    def __init__(self, inner, point: str):
        self.inner, self.point = inner, point
        self.delivered = False  # a delivery returned: the worker recorded it before calling again

    def already_delivered(self, row):
        return self.inner.already_delivered(row)

    async def deliver(self, row_id, msg, recipient, before_data):
        self._after_accept()

        def guarded_before_data() -> bool:
            if self.point == "claimed":
                _die()
            ok = before_data()
            if self.point == "before-data":
                _die()
            return ok

        response = await self.inner.deliver(row_id, msg, recipient, guarded_before_data)
        if self.point == "after-data":
            _die()
        self.delivered = True
        return response

    async def close(self):
        self._after_accept()
        await self.inner.close()

    def _after_accept(self) -> None:
        if self.point == "after-accept" and self.delivered:
            _die()


def main() -> None:
    point, args = sys.argv[1], sys.argv[2:]
    if point not in POINTS:
        raise SystemExit(f"crash point must be one of {', '.join(POINTS)}")
    real = worker.make_transport
    worker.make_transport = lambda settings: CrashingTransport(real(settings), point)

    from commands import main as consult

    consult(args)


if __name__ == "__main__":
    main()
