"""The operators' side: sign-in, roles, actions on reports, and the web pages."""
