import re
from itertools import pairwise

from django.db import migrations

# PostgreSQL: the tsvector now also holds each two neighbouring Burmese syllables as one lexeme
# (thitsa.search.terms.syllable_pairs), and phrase queries ask for those pairs: documents
# indexed before would not be found by a Burmese phrase until written again, so their tsv is
# written again here from their stored terms. A copy of the indexer's code as it is at this
# migration, so later changes to it do not change what this migration does.
MYANMAR = re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")
MAX_TOKENS = 16_000
BATCH = 2000


def tsvector(text):
    tokens = text.split()[:MAX_TOKENS]
    positions = {}
    for n, token in enumerate(tokens, 1):
        positions.setdefault(token, []).append(n)
    for n, (a, b) in enumerate(pairwise(tokens)):
        if MYANMAR.match(a) and MYANMAR.match(b):
            positions.setdefault(f"{a} {b}", []).append(n + 1)
    return " ".join(
        "'{}':{}".format(t.replace("\\", "\\\\").replace("'", "''"), ",".join(map(str, p[:256])))
        for t, p in positions.items()
    )


def rewrite(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, terms FROM search_document WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            cursor.executemany(
                "UPDATE search_document SET tsv = %s::tsvector WHERE id = %s",
                [(tsvector(terms), pk) for pk, terms in rows if MYANMAR.search(terms)],
            )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_report_stamps"),
    ]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
