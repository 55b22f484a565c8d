"""The outbox worker and its job kinds: texts to send, recordings and photos to fetch."""
