"""The evidence store's refusal: an upload of the wrong type, too large, or whose bytes are not
what its name says. The message is the one to show (translated)."""


class EvidenceError(Exception):
    pass
