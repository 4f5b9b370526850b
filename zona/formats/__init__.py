"""Zona's display formats per language (FORMAT_MODULE_PATH): one way to write a date and a
date-time on every screen, e-mail and paper — "31 Mei 2026", "2 Des 2026 13.12" — where Django's
own Indonesian formats mix "12 Jan. 2026", "02-12-2026 13.12" and "d-m-Y". Input formats and
number separators stay Django's (decimal comma, thousands dot in Indonesian)."""
