"""LKE frameworks: the Django side of the scoring engine (zona.lke)."""
