"""Project-wide pieces that belong to no feature app (management commands, ...)."""
