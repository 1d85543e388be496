"""Password hashing with scrypt (a standard memory-hard KDF, in the standard library), the
password rule, and API tokens (random, so a plain SHA-256 of them is what is kept)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt),
                                n=int(n), r=int(r), p=int(p), dklen=32)  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual.hex(), digest)


MIN_LENGTH = 8
LOCK_AFTER = 5  # wrong passwords in a row
LOCK_MINUTES = 5


def password_problem(password: str, name: str) -> str | None:
    """What is wrong with a new password (None: it will do): at least 8 characters, letters
    and digits both, not the user name."""
    if len(password) < MIN_LENGTH:
        return f"at least {MIN_LENGTH} characters"
    if not any(c.isalpha() for c in password) or not any(c.isdigit() for c in password):
        return "letters and digits both"
    if name and name.lower() in password.lower():
        return "must not contain the user name"
    return None


TOKEN_PREFIX = "icc_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
