"""The farmers' line in the gateway: registration, prices, questions to officers, the library
on the hotline, alerts. The rules are `farming/`; this package adds storage, texts and calls."""
