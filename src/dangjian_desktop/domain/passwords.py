"""Passwords: the strength rule (≥ 8 characters of 3 classes) and scrypt hashing with a per-user salt."""

import hashlib
import hmac
import os
import string

MIN_LENGTH = 8
MIN_CLASSES = 3
# scrypt cost: n=2^14, r=8 takes ~50 ms and 16 MB here — slow enough against guessing, quick enough to log in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES = 16

_CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", lambda ch: ch in string.digits),
    ("符号", lambda ch: not ch.isalnum() and not ch.isspace()),
)


def character_classes(password: str) -> list[str]:
    """The names of the character classes the password uses (Chinese letters count as none)."""
    return [name for name, test in _CLASSES if any(test(ch) for ch in password if ch.isascii())]


def password_problem(password: str, user_name: str = "") -> str | None:
    """Why the password is too weak (plain Chinese), or None when it meets the rule."""
    if len(password) < MIN_LENGTH:
        return f"密码至少要 {MIN_LENGTH} 位，现在只有 {len(password)} 位。"
    if any(ch.isspace() for ch in password):
        return "密码中不能有空格。"
    used = character_classes(password)
    if len(used) < MIN_CLASSES:
        missing = [name for name, _test in _CLASSES if name not in used]
        return (f"密码要包含大写字母、小写字母、数字、符号中的至少 {MIN_CLASSES} 种，"
                f"现在只有 {len(used)} 种；可以再加上{'或'.join(missing)}。")
    if user_name and user_name.lower() in password.lower():
        return "密码中不能包含用户名。"
    return None


def hash_password(password: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    """(salt, scrypt hash); a fresh random salt unless one is given."""
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=64 * 1024 * 1024, dklen=32)
    return salt, digest


def password_matches(password: str, salt: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(hash_password(password, salt)[1], expected)
