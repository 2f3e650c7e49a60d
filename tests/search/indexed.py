"""Texts stored as reports and indexed once for a test module, and which of them a query finds:
the Burmese query suites' corpus."""

from __future__ import annotations

from collections.abc import Iterator

from thitsa.reports.models import Source, SourceReport
from thitsa.search.index import refresh
from thitsa.search.models import Document
from thitsa.search.query import search


def indexed(name: str, texts: list[str]) -> Iterator[dict[int, int]]:
    """Yields {report id: the text's index}; removes the reports and their entries after."""
    source = Source.objects.create(name=name)
    for i, text in enumerate(texts):
        SourceReport.objects.create(
            import_key=f"{name}-{i}", source=source, language="my", text=text
        )
    refresh()
    ids = dict(SourceReport.objects.filter(source=source).values_list("id", "import_key"))
    yield {pk: int(key.rsplit("-", 1)[1]) for pk, key in ids.items()}
    Document.objects.filter(kind="report", object_id__in=list(ids)).delete()
    SourceReport.objects.filter(source=source).delete()
    source.delete()


def found_in(corpus: dict[int, int], query: str) -> set[int]:
    """The indexes of the corpus's texts the query finds."""
    hits = search(query, public_only=False, limit=len(corpus) + 10).hits
    return {corpus[h.id] for h in hits if h.kind == "report" and h.id in corpus}
