"""The bridge to LAPOR!-SP4N, the national complaint channel: an operator escalates a report,
the worker sends it and follows its national status back to the report and the citizen."""
