"""Text as the XML of a Word or Excel file can hold it: the one helper every DOCX and XLSX writer calls on
text it did not write itself.

XML 1.0 has no place for the C0 controls other than tab and line ends, for lone surrogates or for U+FFFE and
U+FFFF, and lxml (under openpyxl and python-docx) raises on them: one such character in one stored comment made
every office download, the feedback form mailed with a receipt and, after publication, the public summary fail
(attack round 12, F1). The intake refuses them now (consultation/intake/fields.py, FORBIDDEN), but text stored
before that rule, restored from an archive or written by a later path must not be able to stop a writer, so
the writers drop them here, with the noncharacters U+FDD0-FDEF, which XML allows but no text means. Nothing
else changes: the text is otherwise written as stored.
"""
from __future__ import annotations

import re

# What XML 1.0 forbids, and the BMP's noncharacters. The noncharacters beyond the BMP (U+1FFFE ...), which XML
# allows, are left alone: a class that names them costs this helper five times as much on every cell of an
# export of 100,000 comments, and the intake refuses them as it does the others.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def xml_text(value: str) -> str:
    """`value` without the code points an XML file cannot hold (and U+FDD0-FDEF)."""
    return _NOT_XML.sub("", value)
