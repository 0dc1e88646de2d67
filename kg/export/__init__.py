"""Exports: pure ``generate_*`` functions and thin ``write_*`` file wrappers (atomic, checked before work starts)."""

from kg.export.files import check_output, write_atomic
from kg.export.rdf import EXPORT_FORMATS, export_file, export_format, generate_rdf, jsonld_context, ox_quads, write_rdf

__all__ = ["EXPORT_FORMATS", "check_output", "export_file", "export_format", "generate_rdf", "jsonld_context",
           "ox_quads", "write_atomic", "write_rdf"]
