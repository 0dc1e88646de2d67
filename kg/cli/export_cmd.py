"""`kg export`: to be written."""
