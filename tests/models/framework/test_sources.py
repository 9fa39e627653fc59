"""An indicator's SQL source and late_after_days in the framework file: checked, then loaded."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models.db import transaction
from models.framework import check_text, load_framework
from models.framework.load import FrameworkError
from models.tables import Indicator
from tests.fakes.platforms import CHAT

SOURCE = '''source = { url_env = "REABLEMENT_DB_URL", query = """
  SELECT month_start AS period, at_home AS numerator, discharged AS denominator,
         round(100.0 * at_home / discharged, 1) AS value
  FROM reablement_outcomes ORDER BY month_start""" }
late_after_days = 20
'''


def with_source(framework_text: str, source: str) -> str:
    marker = 'national_code = "ASCOF 2B"\n'
    assert marker in framework_text
    return framework_text.replace(marker, marker + source)


def problems(text: str) -> list[tuple[int | None, str]]:
    _, found = check_text(text, CHAT)
    return [(p.line, f"{p.message} | {p.fix}") for p in found if p.severity == "error"]


def test_a_select_source_checks_clean_and_loads(
    sessions: sessionmaker[Session], framework_text: str
) -> None:
    text = with_source(framework_text, SOURCE)
    assert problems(text) == []
    with transaction(sessions) as session:
        load_framework(session, text, chat_platforms=CHAT)
    with sessions() as session:
        home = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        other = session.scalars(select(Indicator).where(
            Indicator.key == "delayed-discharges")).one()
    assert home.source_url_env == "REABLEMENT_DB_URL"
    assert home.source_query is not None and home.source_query.startswith("SELECT month_start")
    assert home.late_after_days == 20
    assert (other.source_url_env, other.source_query, other.late_after_days) == (None, None, None)


@pytest.mark.parametrize(("source", "words"), [
    ('source = { url_env = "DB", query = "DELETE FROM reablement_outcomes" }',
     "source.query is refused: the query starts with 'DELETE'"),
    ('source = { url_env = "DB", query = "SELECT 1 AS period, 2 AS value; DROP TABLE x" }',
     "source.query is refused: the query holds 2 statements"),
    ('source = { url_env = "DB", query = "SELECT * INTO backup FROM reablement_outcomes" }',
     "SELECT ... INTO creates a table"),
    ('source = { url = "postgresql://reader:secret@db/warehouse", query = "SELECT 1" }',
     "source.url: a database URL or password must not be in the file"),
    ('source = { url_env = "postgresql://reader:secret@db/x", query = "SELECT 1" }',
     "is not the name of an environment variable"),
    ('source = { query = "SELECT 1" }', "source.url_env is missing"),
    ('source = "SELECT 1"', '"source" should be a table like { url_env = "NAME"'),
    ("late_after_days = -3", "late_after_days is -3"),
])
def test_a_bad_source_is_an_error_with_its_line(
    framework_text: str, source: str, words: str
) -> None:
    text = with_source(framework_text, source + "\n")
    line = text.splitlines().index(source) + 1
    found = problems(text)
    assert any(at == line and words in message for at, message in found), found


def test_a_refused_query_is_never_loaded(
    sessions: sessionmaker[Session], framework_text: str
) -> None:
    text = with_source(framework_text,
                       'source = { url_env = "DB", query = "UPDATE t SET a = 1" }\n')
    with transaction(sessions) as session, pytest.raises(FrameworkError):
        load_framework(session, text, chat_platforms=CHAT)
