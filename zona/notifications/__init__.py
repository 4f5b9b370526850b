"""Inbox, e-mail delivery, preferences and daily digests of notifications."""
