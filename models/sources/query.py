"""Is this query one plain SELECT? Decided by parsing it, before any connection is made.

The database's own read-only transaction is the second wall (see `reader`); this is the first,
and the one that lets `goldthread framework check` refuse a bad query with its line. Parsed
with sqlparse (tokens, not regular expressions), so a keyword inside a string or a quoted name
is not mistaken for one, and one hidden after a `;` or inside a CTE is found.

Refused: more than one statement; anything but SELECT (or WITH ... SELECT); a CTE that writes
(`WITH x AS (DELETE ... RETURNING *)`); `SELECT ... INTO` (creates a table); `FOR UPDATE` and
the other row locks; and calls of functions that change something even in a read-only
transaction (ending other sessions, writing files, changing settings, sequences, locks).
"""

from __future__ import annotations

import sqlparse
from sqlparse import tokens as T
from sqlparse.sql import Statement

MAX_QUERY = 20_000

# Words that write or run other code. Other statements (SET, VACUUM, ...) can only stand first,
# where SELECT or WITH must be; these can hide inside a SELECT (a CTE, a subquery) or are ours
# to refuse anywhere. Any DDL (CREATE, DROP, ALTER, TRUNCATE) or DCL (GRANT, REVOKE) is refused.
WRITING = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "REPLACE", "COPY", "CALL",
                     "EXEC", "EXECUTE", "PRAGMA", "ATTACH", "DETACH"})
LOCKS = frozenset({"UPDATE", "SHARE", "NO KEY UPDATE", "KEY SHARE", "NO", "KEY"})
# Functions with effects a read-only transaction does not stop (or that read the server's
# files): PostgreSQL's admin functions, dblink, large objects, SQLite's extension loading.
SIDE_EFFECTS = frozenset({
    "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
    "pg_switch_wal", "pg_create_restore_point", "pg_promote", "pg_logical_emit_message",
    "pg_notify", "set_config", "nextval", "setval", "currval", "lastval",
    "pg_advisory_lock", "pg_advisory_xact_lock", "pg_advisory_lock_shared",
    "pg_try_advisory_lock", "pg_try_advisory_xact_lock", "pg_advisory_unlock_all",
    "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_file_write",
    "lo_import", "lo_export", "lo_unlink", "lo_create", "lo_from_bytea", "lo_put",
    "dblink", "dblink_exec", "dblink_connect", "dblink_send_query",
    "pg_create_logical_replication_slot", "pg_drop_replication_slot",
    "pg_create_physical_replication_slot", "pg_replication_origin_create",
    "load_extension", "writefile", "readfile", "edit", "fts3_tokenizer",
})


class QueryRefused(ValueError):
    """The query is not one plain SELECT; the message says what is wrong and what to do."""


def check_query(text: str) -> str:
    """The query, stripped of a trailing `;`, if it is one read-only SELECT; else QueryRefused."""
    query = text.strip()
    if not query:
        raise QueryRefused("the query is empty; write one SELECT returning period and value")
    if len(query) > MAX_QUERY:
        raise QueryRefused(f"the query is {len(query):,} characters; the limit is "
                           f"{MAX_QUERY:,}")
    if "\x00" in query:
        raise QueryRefused("the query holds a NUL character; retype it")
    statements = [s for s in sqlparse.parse(query) if _has_code(s)]
    if len(statements) != 1:
        raise QueryRefused(f"the query holds {len(statements)} statements; give exactly one "
                           "SELECT (no `;` between statements)")
    statement = statements[0]
    words = [t for t in statement.flatten() if not t.is_whitespace
             and t.ttype not in T.Comment]
    first = words[0]
    if first.normalized not in ("SELECT", "WITH"):
        raise QueryRefused(f"the query starts with {first.value.upper()!r}; only SELECT (or "
                           "WITH ... SELECT) may be run")
    for n, token in enumerate(words):
        word = token.normalized.upper() if token.is_keyword else ""
        if word in WRITING or token.ttype in T.Keyword.DDL or token.ttype in T.Keyword.DCL:
            raise QueryRefused(f"the query uses {token.value.upper()}, which writes or "
                               "changes the database; a source may only read")
        if word == "INTO":
            raise QueryRefused("SELECT ... INTO creates a table; a source may only read")
        if word == "FOR" and n + 1 < len(words) and \
                words[n + 1].normalized.upper() in LOCKS:
            raise QueryRefused("the query locks rows (FOR UPDATE or FOR SHARE); remove it")
        if token.ttype in T.Name and _called(words, n) and \
                token.value.lower().rsplit(".", 1)[-1] in SIDE_EFFECTS:
            raise QueryRefused(f"the query calls {token.value}(), which changes something "
                               "outside the query; a source may only read")
        if token.ttype in T.Punctuation and token.value == ";" and n != len(words) - 1:
            raise QueryRefused("the query holds more than one statement; give exactly one")
    return query.rstrip(";").rstrip()


def _has_code(statement: Statement) -> bool:
    return any(not t.is_whitespace and t.ttype not in T.Comment and t.value != ";"
               for t in statement.flatten())


def _called(words: list[object], n: int) -> bool:
    following = words[n + 1] if n + 1 < len(words) else None
    return getattr(following, "value", None) == "("
