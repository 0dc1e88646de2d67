"""`kg serve`: to be written."""
