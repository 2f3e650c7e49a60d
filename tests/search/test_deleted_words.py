"""A seized laptop keeps no words of a deleted or edited report in its search index.

SQLite's full-text index (FTS5) deletes by adding a tombstone: the words stay in the index's
segments, in the database file, until a merge rewrites them. Read from the file, they give a
deleted testimony back word by word. Runs in a new process on a SQLite file, as Thitsa runs
on a documenter's laptop."""

from __future__ import annotations

import os

import pytest

from tests.conftest import on_sqlite

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="the file of SQLite is tested; unset DATABASE_URL to run it",
)

SETUP = """
from django.core.management import call_command
call_command('migrate', verbosity=0)
from thitsa.reports.models import Source, SourceReport
from thitsa.search.index import refresh
from thitsa.search.query import search
src = Source.objects.create(name='Outlet', kind='media')
SourceReport.objects.bulk_create(
    SourceReport(import_key=f'f{i}', source=src, title=f'Shelling report {i}',
                 text='Shelling of a village near the river ' * 5)
    for i in range(300)
)
gone = SourceReport.objects.create(import_key='gone', source=src, title='Raid',
    text='Soldiers took Ko Zawsentinel from his house')
kept = SourceReport.objects.create(import_key='kept', source=src, title='Raid',
    text='Soldiers questioned Daw Hlaingsentinel at the market')
refresh()
assert len(search('Zawsentinel', public_only=False).hits) == 1
assert len(search('Hlaingsentinel', public_only=False).hits) == 1
"""

# The files as they are, and after a checkpoint (which SQLite makes by itself as the log grows)
# has copied the log's pages into the database file: both times, no file holds the words.
FILES = """
db = pathlib.Path(settings.DATABASES['default']['NAME'])
files = [db, db.with_name(db.name + '-wal')]
def holding():
    return [p.name for p in files if p.exists() and b'sentinel' in p.read_bytes().lower()]
now = holding()
c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
print(now, holding())
"""


def test_a_deleted_report_leaves_no_word_in_the_database_files(tmp_path):
    code = SETUP + (
        "gone.delete()\nassert len(search('Zawsentinel', public_only=False).hits) == 0\n"
    )
    out = on_sqlite(tmp_path, code + "kept.delete()\n" + FILES)
    assert out.stdout.strip() == "[] []", out.stdout + out.stderr


def test_an_edited_report_leaves_no_removed_word_in_the_database_files(tmp_path):
    """A verifier takes a name out of a report's text (or a correction does): the old words go
    from the index on the next refresh, from the file too."""
    code = SETUP + (
        "gone.delete()\n"
        "kept.text = 'Soldiers questioned a woman at the market'\n"
        "kept.save()\n"
        # Two edits in one refresh: the second found the first one's mark.
        "other = SourceReport.objects.get(import_key='f0')\n"
        "other.text = 'Shelling of the river bank'\n"
        "other.save()\n"
        "refresh()\n"
        "assert len(search('Hlaingsentinel', public_only=False).hits) == 0\n"
        "assert len(search('questioned woman', public_only=False).hits) == 1\n"
    )
    out = on_sqlite(tmp_path, code + FILES)
    assert out.stdout.strip() == "[] []", out.stdout + out.stderr


def test_the_upgrade_purges_what_an_older_version_deleted(tmp_path):
    """Reports deleted before this version left their words in the index's segments: the
    migration that brings the purge rewrites the index once."""
    code = (
        "from django.core.management import call_command\n"
        "call_command('migrate', 'search', '0006', verbosity=0)\n"
        'c.execute("INSERT INTO search_document (kind, object_id, public, terms) VALUES '
        "('report', 1, 0, 'soldiers took ko zawsentinel')\")\n"
        'c.execute("INSERT INTO search_document (kind, object_id, public, terms) VALUES '
        "('report', 2, 0, 'shelling of the river')\")\n"
        "c.execute('DELETE FROM search_document WHERE object_id = 1')\n"
        "call_command('migrate', verbosity=0)\n"
    )
    out = on_sqlite(tmp_path, code + FILES)
    assert out.stdout.strip().endswith("[]"), out.stdout + out.stderr
