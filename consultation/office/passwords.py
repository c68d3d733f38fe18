"""Staff passwords: the argon2 hasher, the policy for new passwords, and the dummy hash.

Policy (one place): at least 12 characters, at most 256, not one of the 30,000 most common
passwords (the list zxcvbn ships, from leaked-password corpora), not the account's name, and
zxcvbn's estimate of at least 10^8 guesses (score 3), so `123456789012` or `password1234`
are refused while a passphrase of a few words is accepted.

Hash cost: OWASP's recommended minimum for argon2id (m=19 MiB, t=2, p=1), not argon2-cffi's default
(RFC 9106 low-memory: m=64 MiB, t=3, p=4), which costs about eight times the CPU per verification
(~200 ms of CPU against ~25 ms here) and, with four lanes, drained both cores of a small server during a
sign-in flood that stayed within the per-address limit. The per-address sign-in limit (RATE_LIMIT_LOGIN)
caps what each address can spend. Hashes made with other parameters still verify and are rehashed at the
next successful sign-in.

The dummy hash is verified when a name is unknown or inactive, so a wrong name costs the same
argon2 verification as a wrong password and the answer's timing tells nothing.
"""
from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from consultation.i18n import N_, Refusal

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_SCORE = 3  # zxcvbn: "safely unguessable", at least 10^8 guesses

# OWASP Password Storage Cheat Sheet, argon2id: minimum m=19 MiB, t=2, p=1. Never lower.
hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class PasswordRefused(Refusal, ValueError):
    """A new password the policy refuses; `message` is a msgid, `params` its values."""


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def check_policy(password: str, username: str = "") -> None:
    """Raise PasswordRefused when `password` may not be set."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise PasswordRefused(N_("The password needs at least %(n)d characters."), n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise PasswordRefused(N_("The password can have at most %(n)d characters."), n=MAX_LENGTH)
    folded = password.casefold()
    if folded in _common() or (username and username.casefold() in folded):
        raise PasswordRefused(N_("This password is too common or contains the account name. Choose another."))
    if zxcvbn(password, user_inputs=[username] if username else [])["score"] < MIN_SCORE:
        raise PasswordRefused(N_("This password is too easy to guess. A phrase of several words works well."))


def hash_password(password: str) -> str:
    return hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hasher.hash("not a password anyone has: dummy for unknown names")


def verify(password_hash: str | None, password: str) -> bool:
    """argon2 verification; with `password_hash` None the dummy hash is verified (always False)."""
    try:
        hasher.verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return hasher.check_needs_rehash(password_hash)
