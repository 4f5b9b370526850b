from prodkit import postgres, redis_url  # noqa: F401  (fixtures for this directory)
