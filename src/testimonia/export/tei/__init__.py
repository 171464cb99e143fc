"""TEI P5 and CMIF export: one TEI file per source plus a register, and a CMIF letters index."""

from testimonia.export.tei.cmif import CmifOptions, cmif_bytes, cmif_tei
from testimonia.export.tei.register import REGISTER_FILE, register_tei
from testimonia.export.tei.source import TeiExport, source_tei, source_tei_bytes, write_tei_edition
from testimonia.export.tei.validate import validation_errors
from testimonia.export.tei.xml import TEI_MEDIA_TYPE

__all__ = ["REGISTER_FILE", "TEI_MEDIA_TYPE", "CmifOptions", "TeiExport", "cmif_bytes", "cmif_tei",
           "register_tei", "source_tei", "source_tei_bytes", "validation_errors", "write_tei_edition"]
