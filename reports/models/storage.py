"""Where the case files are kept: private storage, under random names."""

import secrets

from django.core.files.storage import storages
from django.db import models


def _private_storage():
    return storages["private"]


def _random_upload_path(instance: models.Model, filename: str) -> str:
    """Random names only: nothing of the reporter's file name is kept."""
    token = secrets.token_hex(16)
    return f"reports/{token[:2]}/{token}.{filename.rsplit('.', 1)[-1].lower()}"
