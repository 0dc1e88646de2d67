"""`kg eval`: to be written."""
