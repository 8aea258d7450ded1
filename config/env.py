"""The one place Pledge reads its environment.

Settings modules read every value through `env`, so each setting has one typed reader and one
documented name. Values come from the process environment, then from a `.env` file at the project
root (written by `make install` for the embedded default). Secrets have no defaults: a missing
SECRET_KEY stops the process at start-up rather than running with a guessable key.
"""

from pathlib import Path

from environs import Env

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
env.read_env(str(BASE_DIR / ".env"), recurse=False)
