"""Texting: incoming SMS and WhatsApp messages, their commands and conversations."""
