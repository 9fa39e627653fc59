"""Fakes of the chat platforms that speak real HTTP, so the real SDK clients are what we test."""
