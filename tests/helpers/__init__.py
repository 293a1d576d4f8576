"""Shared fakes and builders for the tests (STYLE item 16: one place for them)."""
