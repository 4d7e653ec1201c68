"""The one environment reader. Real environment variables win over a local ``.env`` file."""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The test settings set JUBAO_IGNORE_DOTENV so that a developer's .env never changes a test.
if not os.environ.get("JUBAO_IGNORE_DOTENV"):
    environ.Env.read_env(BASE_DIR / ".env")
