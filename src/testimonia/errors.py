"""One family of errors. Each message names the file or record and says what to do."""

from __future__ import annotations


class TestimoniaError(Exception):
    """Base of every error testimonia raises on purpose."""

    __test__ = False  # keep pytest from collecting this as a test class


class UnreadableSource(TestimoniaError):
    """A file could not be read, decoded or parsed."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class UnsupportedFormat(UnreadableSource):
    """No reader is registered for this file's extension."""


class ArchiveNotFound(TestimoniaError):
    """The archive path does not hold an archive."""


class ArchiveExists(TestimoniaError):
    """`init` was asked to create an archive where one already is."""


class RecordNotFound(TestimoniaError):
    """No source, document, note or entity has the id asked for."""


class BadQuery(TestimoniaError):
    """A filter or query could not be understood."""
