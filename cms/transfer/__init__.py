"""wagtail-transfer behind the project's own rules: a strong shared key, and an export that only
serves published, public editorial content (see docs in README.md, section Configuration)."""
