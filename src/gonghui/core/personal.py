"""Personal data at rest and on screen (DOMAIN I3): encryption, the keyed lookup hash, and masking.

Values are encrypted with AES-256-GCM under a key id, so keys can be rotated: the first key of
GONGHUI_DATA_KEYS encrypts, every listed key decrypts, and `gonghui rotatekeys` re-encrypts old rows.
"Is this person already here?" is answered by an HMAC-SHA256 of the normalised value under
GONGHUI_LOOKUP_KEY, stored in an indexed column, so it is one index lookup and never a decryption scan.
"""

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12


# base.py's embedded SECRET_KEY is published with the source: keys derived from it protect nothing.
EMBEDDED_SECRET_PREFIX = "gonghui-insecure-embedded-key-"  # noqa: S105 - a marker, not a secret
NO_KEYS = (
    "个人信息密钥未设置：GONGHUI_DATA_KEYS 和 GONGHUI_LOOKUP_KEY 为空，且 SECRET_KEY 是随源代码公开的内置默认值，"
    "不能由它派生密钥。请设置这两个密钥（见 docs/operations.md“Keys for personal data”），或至少设置 "
    "GONGHUI_SECRET_KEY；只在本机演示时用 `gonghui demo`（或 GONGHUI_DEMO=1）。"
)


def derivation_refused() -> bool:
    """True when a key would be derived from the published default secret outside demo mode."""
    return str(settings.SECRET_KEY).startswith(EMBEDDED_SECRET_PREFIX) and not getattr(
        settings, "GONGHUI_DEMO", False
    )


def _derived(label: str) -> bytes:
    """A development key derived from SECRET_KEY; production settings require real keys instead, and the
    published default secret is refused outside the demo."""
    if derivation_refused():
        raise ImproperlyConfigured(NO_KEYS)
    return hashlib.sha256(f"gonghui:{label}:{settings.SECRET_KEY}".encode()).digest()


def _decode_key(text: str, name: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: 密钥不是 base64 编码") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{name}: 密钥须为 32 字节 (AES-256)")
    return key


@cache
def data_keys() -> tuple[tuple[str, bytes], ...]:
    """(key id, key) pairs; the first encrypts. Format: "kid:base64key,kid:base64key"."""
    spec = getattr(settings, "GONGHUI_DATA_KEYS", "")
    if not spec:
        return (("dev", _derived("data")),)
    keys = []
    for item in spec.split(","):
        kid, sep, text = item.strip().partition(":")
        if not sep or not kid or "$" in kid:
            raise ImproperlyConfigured("GONGHUI_DATA_KEYS 格式应为 kid:base64key[,kid:base64key…]")
        keys.append((kid, _decode_key(text, "GONGHUI_DATA_KEYS")))
    return tuple(keys)


@cache
def lookup_key() -> bytes:
    spec = getattr(settings, "GONGHUI_LOOKUP_KEY", "")
    return _decode_key(spec, "GONGHUI_LOOKUP_KEY") if spec else _derived("lookup")


def current_key_id() -> str:
    return data_keys()[0][0]


@cache
def _cipher(kid: str) -> AESGCM:
    key = dict(data_keys()).get(kid)
    if key is None:
        raise ImproperlyConfigured(f"缺少密钥 {kid}：请在 GONGHUI_DATA_KEYS 中保留它，直到 rotatekeys 完成")
    return AESGCM(key)


def forget_keys() -> None:
    """Re-read the keys from settings (after a change in tests or a rotation)."""
    data_keys.cache_clear()
    lookup_key.cache_clear()
    _cipher.cache_clear()


def encrypt(plain: str, *, purpose: str) -> str:
    """`kid$base64(nonce + ciphertext)`; `purpose` is bound in as associated data, so a value cannot be
    moved from one column to another unnoticed."""
    if not plain:
        return ""
    kid = data_keys()[0][0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(kid).encrypt(nonce, plain.encode(), purpose.encode())
    return f"{kid}${base64.b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, purpose: str) -> str:
    if not token:
        return ""
    kid, _, body = token.partition("$")
    raw = base64.b64decode(body)
    return _cipher(kid).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()).decode()


def lookup_hash(value: str, *, purpose: str) -> str:
    """The keyed hash that finds a normalised value without decrypting anything."""
    if not value:
        return ""
    return hmac.digest(lookup_key(), f"{purpose}:{value}".encode(), "sha256").hex()


def mask(value: str) -> str:
    """I3: keep the first 3 and last 4 characters (`110***********1234`, `138****1234`).

    Values too short for that keep less (1 and 2), and very short ones nothing, so a mask never shows more
    than about half of a value.
    """
    n = len(value)
    head, tail = (3, 4) if n >= 11 else (1, 2) if n >= 6 else (0, 0)
    return value[:head] + "*" * (n - head - tail) + value[n - tail :] if tail else "*" * n


def mask_name(name: str) -> str:
    """I3: a person's name as the surname only (`张**`), one star per hidden character: enough to match the
    person in front of you, and all an audit label or a card check names."""
    return name[:1] + "*" * (len(name) - 1)


def generate_key() -> str:
    """A new random key in the format GONGHUI_DATA_KEYS and GONGHUI_LOOKUP_KEY expect."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
