"""`kg query`: to be written."""
