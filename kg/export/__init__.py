"""Exports: pure ``generate_*`` functions and thin ``write_*`` file wrappers."""

from kg.export.rdf import EXPORT_FORMATS, export_file, export_format, generate_rdf, jsonld_context, ox_quads, write_rdf

__all__ = ["EXPORT_FORMATS", "export_file", "export_format", "generate_rdf", "jsonld_context", "ox_quads", "write_rdf"]
