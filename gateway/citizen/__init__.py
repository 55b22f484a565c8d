"""The citizens' web page (`/lapor`): a form that files a report on channel `web` through the
same service as every channel, and a status page per ticket that shows the public history
only. No JavaScript, CSRF-protected, a honeypot instead of a captcha, a rate limit per address;
Indonesian first, also Javanese and English (`words`)."""
