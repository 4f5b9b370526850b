"""People, their roles (each with a scope), sign-in and invitations."""
