"""A small fixed-window rate limiter on the shared cache (portal abuse resistance)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    """A hashed key for the client address (no raw IPs in the cache)."""
    return hashlib.sha256(str(request.META.get("REMOTE_ADDR", "")).encode()).hexdigest()[:16]


def hit(bucket: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit; True while the bucket is within its limit for the window."""
    name = f"rl:{bucket}:{key}"
    if cache.add(name, 1, window_seconds):
        return True
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, window_seconds)
        return True
    return count <= limit


def blocked(bucket: str, key: str, limit: int) -> bool:
    """True when the bucket is already over its limit (without counting a hit)."""
    return (cache.get(f"rl:{bucket}:{key}") or 0) > limit
