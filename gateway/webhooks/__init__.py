"""Provider webhooks: Twilio voice (and later messaging) and Kannel. Each is authenticated first."""
