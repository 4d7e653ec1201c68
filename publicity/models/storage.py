"""Where the campaign's files go: private storage, random names."""

import secrets

from django.db import models


def _evidence_path(instance: models.Model, filename: str) -> str:
    token = secrets.token_hex(16)
    return f"publicity/{token[:2]}/{token}.{filename.rsplit('.', 1)[-1].lower()}"


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]
