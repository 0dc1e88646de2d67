"""`kg ner`: to be written."""
