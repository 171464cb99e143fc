"""The register (index of persons, places, organisations and works) as editors see it.

`report` answers "what do we know of this entry" (every mention in context, co-occurring
entries, sources, the curation log); `exchange` reads and writes registers as CSV, JSON
and TEI lists. The curation steps themselves (merge, split, rename, decide) are the
store's, so that each is one transaction and one log entry.
"""

from testimonia.register.exchange import export_register, import_register
from testimonia.register.report import (
           EntityReport,
           EntitySummary,
           MentionInContext,
           entity_report,
           list_entities,
)

__all__ = ["EntityReport", "EntitySummary", "MentionInContext", "entity_report", "export_register",
           "import_register", "list_entities"]
