"""The one place Pledge reads its environment.

Settings modules read every value through `env`, so each setting has one typed reader and one
documented name. Values come from the process environment, then from a `.env` file at the project
root (written by `make install` for the embedded default). Secrets have no defaults: a missing
SECRET_KEY stops the process at start-up rather than running with a guessable key.
"""

from pathlib import Path
from typing import Any

from environs import Env

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
env.read_env(str(BASE_DIR / ".env"), recurse=False)

# The embedded default's SQLite, shared by a web server's threads: write-ahead logging so readers
# never wait for the writer; each transaction takes the write lock when it begins (IMMEDIATE), so
# two never deadlock upgrading a read to a write; and a writer waits up to 20 seconds for its turn
# rather than failing at once with "database is locked".
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database(default: str | None = None, **kwargs: Any) -> dict[str, Any]:
    """DATABASES["default"] from DATABASE_URL (or `default`), with SQLITE_OPTIONS for SQLite."""
    if default is None:
        config: dict[str, Any] = env.dj_db_url("DATABASE_URL", **kwargs)
    else:
        config = env.dj_db_url("DATABASE_URL", default=default, **kwargs)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = SQLITE_OPTIONS | config.get("OPTIONS", {})
    return config
