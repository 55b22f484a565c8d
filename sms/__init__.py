"""SMS and WhatsApp domain code: numbers, grammar, conversations. Pure (no Flask, no DB)."""
