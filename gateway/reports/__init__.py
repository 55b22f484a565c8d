"""Reports: filing, duplicates, status changes, deadlines, notices and URC dispatch."""
