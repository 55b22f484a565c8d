"""Voice: the hotline's calls, their TwiML, and the prompts' audio."""
