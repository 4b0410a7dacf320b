"""Rules for wagtail-transfer's shared secret keys.

Settings import this module, so it must not import Django models or anything that needs the app
registry.
"""

import os
import secrets
from pathlib import Path

MIN_KEY_LENGTH = 50

# Keys that were ever written in this repository or in wagtail-transfer's documentation: public.
PUBLIC_KEYS = frozenset(
    {
        "changeme",
        "change-me",
        "secret",
        "dev-only-transfer-key",
        "test-only-transfer-key",
        "test-only-transfer-key-never-used-outside-the-test-suite",
        "dev-only-insecure-key-do-not-use-in-production",
    }
)


def key_problem(key):
    """Why `key` cannot guard the transfer API, or None when it can."""
    if not key:
        return "is empty"
    if key in PUBLIC_KEYS:
        return "is a public value"
    if len(key) < MIN_KEY_LENGTH:
        return f"is shorter than {MIN_KEY_LENGTH} characters"
    return None


def local_transfer_key(path):
    """This installation's own random key, created in `path` on first use and kept there.

    For development only: every checkout gets its own key instead of a constant shared by anyone
    who reads the repository. Two processes starting at once (runserver and its reloader) read the
    same key: the file is created exclusively, and the loser reads the winner's key.
    """
    path = Path(path)
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if key_problem(key) is None:
        return key
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        existing = path.read_text().strip()
        if key_problem(existing) is None:
            return existing
        path.write_text(key)
        return key
    with os.fdopen(fd, "w") as file:
        file.write(key)
    return key
