"""Rules for wagtail-transfer's shared secret keys.

Settings import this module, so it must not import Django models or anything that needs the app
registry.
"""

import math
import os
import secrets
from collections import Counter
from pathlib import Path

MIN_KEY_LENGTH = 50
# A key of 50 random characters from any usual alphabet (hexadecimal, base64, letters and digits)
# holds far more than both; "x" * 50, "ab" * 25, "abcdefghij" * 5 or the alphabet in order do not.
MIN_DISTINCT_CHARACTERS = 10
MIN_ENTROPY_BITS = 128

# The character sets a key is drawn from: a key's set is the union of the classes it uses.
_CHARACTER_CLASSES = (
    (frozenset("0123456789"), 10),
    (frozenset("abcdef"), 6),
    (frozenset("ABCDEF"), 6),
    (frozenset("ghijklmnopqrstuvwxyz"), 20),
    (frozenset("GHIJKLMNOPQRSTUVWXYZ"), 20),
    (frozenset("-_"), 2),
)
_OTHER_CHARACTERS = 33  # the rest of printable ASCII, and anything else

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


def _charset_size(key):
    """How many characters the alphabet ``key`` seems drawn from has (16 for hexadecimal)."""
    size, rest = 0, set(key)
    for characters, count in _CHARACTER_CLASSES:
        if rest & characters:
            size += count
            rest -= characters
    return size + (_OTHER_CHARACTERS if rest else 0)


def _shortest_period(key):
    """The length of the shortest pattern ``key`` repeats ("abcabcab": 3); len(key) if none."""
    for period in range(1, len(key)):
        if all(key[index] == key[index - period] for index in range(period, len(key))):
            return period
    return len(key)


def estimated_entropy_bits(key):
    """A cautious estimate of the bits of chance in ``key``.

    Each character counts for the fewer of two figures: the bits of a character drawn at random
    from the key's alphabet (the classes it uses: digits, a-f, the other letters, "-_", the rest)
    and the bits its characters' frequencies show (Shannon), so that a key of one or two
    characters counts for nothing whatever its alphabet. Characters that continue a run going up,
    down or standing still by one ("abcd", "4321", "aaaa") count for none, and a key that repeats a
    pattern counts for the pattern only.
    """
    if not key:
        return 0.0
    counts = Counter(key)
    shannon = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    per_character = min(math.log2(_charset_size(key)), shannon)
    steps = [ord(b) - ord(a) for a, b in zip(key, key[1:], strict=False)]
    in_runs = sum(
        1
        for before, step in zip(steps, steps[1:], strict=False)
        if step == before and -1 <= step <= 1
    )
    free = min(len(key) - in_runs, _shortest_period(key))
    return per_character * free


def key_strength_problem(key):
    """Why ``key`` is too weak to sign anything (empty, short, predictable), or None."""
    if not key:
        return "is empty"
    if len(key) < MIN_KEY_LENGTH:
        return f"is shorter than {MIN_KEY_LENGTH} characters"
    if (distinct := len(set(key))) < MIN_DISTINCT_CHARACTERS:
        return f"has only {distinct} distinct characters (at least {MIN_DISTINCT_CHARACTERS})"
    if (bits := estimated_entropy_bits(key)) < MIN_ENTROPY_BITS:
        return (
            f"is predictable (a repeated pattern or a sequence: about {bits:.0f} bits of "
            f"entropy, at least {MIN_ENTROPY_BITS})"
        )
    return None


def key_problem(key):
    """Why `key` cannot guard the transfer API, or None when it can."""
    if key and key in PUBLIC_KEYS:
        return "is a public value"
    return key_strength_problem(key)


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
