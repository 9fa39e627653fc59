"""Can goldthread use the database it was given? Asked once at start-up, answered in one line.

Without this, a wrong `database.url` surfaces wherever the first query happens to be, as a
SQLAlchemy traceback. Here the URL is parsed, its driver loaded and one connection made on a
throwaway engine, and each way that can fail becomes a sentence naming the setting and the fix.
The password is never shown: URLs are rendered with `***`, and the text of an error that may
quote the URL (SQLAlchemy's parse errors do) is never repeated.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from models.db import make_engine

SETTING = "database.url or GOLDTHREAD_DATABASE_URL"
POSTGRES_FIX = "pip install -e '.[postgres]'"


def database_problem(url: str, setting: str = SETTING) -> str | None:
    """None when a connection works; otherwise the one line to show."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        return (f"database: {setting} is not a database URL (e.g. "
                "postgresql+psycopg://user@host/name or sqlite:///goldthread.db)")
    shown = parsed.render_as_string(hide_password=True)
    if parsed.get_backend_name() == "sqlite":
        problem = _sqlite_folder_problem(parsed, shown, setting)
        if problem:
            return problem
    try:
        engine = make_engine(url)
    except NoSuchModuleError:
        return (f"database: {setting} names an unknown kind of database "
                f"'{parsed.drivername}'; use postgresql+psycopg://… or sqlite:///…")
    except ImportError as exc:
        return _missing_driver(parsed, exc)
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        return (f"database: cannot connect to {shown} ({_reason(exc, parsed)}); check "
                f"{setting}")
    finally:
        engine.dispose()
    return None


def _sqlite_folder_problem(parsed: URL, shown: str, setting: str) -> str | None:
    """SQLite says only 'unable to open database file'; say which folder and why."""
    name = parsed.database or ""
    if name in ("", ":memory:") or name.startswith("file:"):
        return None
    folder = Path(name).absolute().parent
    if folder.exists() and not folder.is_dir():
        return (f"database: cannot open {shown}: {folder} is a file, not a folder; check "
                f"{setting}")
    if not folder.is_dir():
        return (f"database: cannot open {shown}: the folder {folder} does not exist; create "
                f"it, or check {setting}")
    if not os.access(folder, os.W_OK | os.X_OK):
        return (f"database: cannot open {shown}: the folder {folder} is not writable (SQLite "
                f"writes its journal beside the file); check {setting}")
    return None


def _missing_driver(parsed: URL, exc: ImportError) -> str:
    driver = parsed.get_driver_name()
    module = (exc.name or driver).split(".")[0]
    if parsed.get_backend_name() == "postgresql":
        if driver == "psycopg":
            return f"database: postgresql+psycopg needs the psycopg driver: {POSTGRES_FIX}"
        return (f"database: {parsed.drivername} needs the {module} driver, which goldthread "
                f"does not use: write the URL as postgresql+psycopg://… and {POSTGRES_FIX}")
    return (f"database: {parsed.drivername} needs the {module} driver: install it "
            f"(pip install {module}) or use postgresql+psycopg://… or sqlite:///…")


def _reason(exc: DBAPIError, parsed: URL) -> str:
    """The driver's own words, shortened: 'connection refused', 'database "x" does not exist'."""
    text = str(exc.orig).strip().splitlines()[0] if str(exc.orig).strip() else type(exc).__name__
    text = text.rsplit(" failed: ", 1)[-1].removeprefix("FATAL:").strip()
    if text.startswith("failed to resolve host"):
        return f"unknown host {parsed.host}"
    if parsed.password:
        text = text.replace(parsed.password, "***")
    return (text[:1].lower() + text[1:])[:160]
