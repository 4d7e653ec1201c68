"""The safety office's admin, one module per part: the reference lists (``reference``), the
worklist filter (``worklist``) and the case list and page (``cases``).

State is never edited here directly: entries and messages go through services.
"""

from reports.admin import cases, reference, worklist

__all__ = ["cases", "reference", "worklist"]
