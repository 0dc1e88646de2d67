"""`kg analyze`: to be written."""
