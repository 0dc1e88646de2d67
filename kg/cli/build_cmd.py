"""`kg build`: to be written."""
