"""Sync with a Google Reader API service (FreshRSS, Miniflux): offline-first.

client.py speaks the API (httpx); items.py turns its items into clean ParsedArticles;
outbox.py queues local changes in the transaction that makes them; reconcile.py writes what
the service says into the cache; run.py does one sync (push, then pull).
"""
