"""Revisions of the consultation's text after the consultation: editing, links to the comments behind each
change, the comparison table (对照表), and which text guidance uses once the final one is published."""
from .current import guidance_text, resolve, text_name, text_numbered

__all__ = ["guidance_text", "resolve", "text_name", "text_numbered"]
