"""Linking mentions to the register: which entry a mention names, or that it names a new one.

`RegisterIndex` (index.py) holds the register as name keys; `link_mentions` (resolve.py)
decides, mention by mention, using the document's context (context.py) first and the register
second, and says why. Nothing is linked silently when more than one entry could fit.
"""

from testimonia.link.context import LinkContext, LinkDecision
from testimonia.link.index import RegisterIndex, entry_keys
from testimonia.link.resolve import STATUSES, link_mentions

__all__ = ["STATUSES", "LinkContext", "LinkDecision", "RegisterIndex", "entry_keys", "link_mentions"]
