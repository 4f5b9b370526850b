import pytest

from zona.evaluations import feeds


def test_providers_are_asked_per_feed_and_registered_once(monkeypatch):
    # An empty registry: installed apps (surveys) register their own providers at start-up.
    monkeypatch.setattr(feeds, "_providers", {feed: [] for feed in feeds.FEEDS})
    calls = []

    def provider(evaluation, feed):
        calls.append(feed)
        return [feeds.FeedOption(key="x:1", label="X", value=3.25)]

    feeds.register(feeds.IPAK, provider)
    feeds.register(feeds.IPAK, provider)
    try:
        assert feeds.options(object(), feeds.IPAK) == [
            feeds.FeedOption(key="x:1", label="X", value=3.25)
        ]
        assert feeds.options(object(), feeds.IPKP) == []
        assert calls == ["ipak"]
    finally:
        feeds._providers[feeds.IPAK].remove(provider)


def test_unknown_feed_is_refused():
    with pytest.raises(ValueError, match="unknown feed"):
        feeds.register("ikm", lambda evaluation, feed: [])
