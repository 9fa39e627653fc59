"""The first wall: a source's query is parsed, and only one plain SELECT is let through."""

from __future__ import annotations

import re

import pytest

from models.sources.query import QueryRefused, check_query


@pytest.mark.parametrize("query", [
    "SELECT period, value FROM monthly ORDER BY period;",
    "with m as (select start as period, n from episodes) select period, n as value from m",
    "SELECT 'DELETE FROM t; DROP TABLE t' AS note, period, value FROM monthly",
    'SELECT "update" AS value, period FROM monthly  -- DELETE in a comment',
    "SELECT replace(area, ' ', '') AS area, period, value FROM monthly /* ; */",
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 3) SELECT x FROM n",
])
def test_plain_selects_pass(query: str) -> None:
    assert check_query(query) == query.strip().rstrip(";").rstrip()


@pytest.mark.parametrize(("query", "words"), [
    ("", "the query is empty"),
    ("  -- nothing\n", "holds 0 statements"),
    ("SELECT 1; SELECT 2", "holds 2 statements"),
    ("INSERT INTO t VALUES (1)", "starts with 'INSERT'"),
    ("EXPLAIN ANALYZE DELETE FROM t", "starts with 'EXPLAIN'"),
    ("WITH x AS (UPDATE t SET a = 1 RETURNING a) SELECT a FROM x", "uses UPDATE"),
    ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "uses INSERT"),
    ("SELECT * INTO t2 FROM t", "SELECT ... INTO creates a table"),
    ("SELECT * FROM t FOR SHARE", "locks rows"),
    ("SELECT * FROM t FOR NO KEY UPDATE", "locks rows"),
    ("SELECT nextval('episode_id') AS value", "calls nextval()"),
    ("SELECT set_config('default_transaction_read_only', 'off', false)", "calls set_config()"),
    ("SELECT pg_catalog.pg_read_file('/etc/passwd') AS note", "calls pg_read_file()"),
    ("SELECT load_extension('/tmp/evil.so')", "calls load_extension()"),
    ("SELECT 1 WHERE EXISTS (CREATE TABLE x (a int))", "uses CREATE"),
    ("SELECT 1\x00", "NUL"),
])
def test_everything_else_is_refused_with_a_reason(query: str, words: str) -> None:
    with pytest.raises(QueryRefused, match=re.escape(words)):
        check_query(query)
