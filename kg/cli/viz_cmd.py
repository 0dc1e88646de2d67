"""`kg viz`: to be written."""
