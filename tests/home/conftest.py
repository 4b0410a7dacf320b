"""Fixtures the home page tests share with the community tests."""

from tests.community.conftest import pilot_rubric  # noqa: F401
