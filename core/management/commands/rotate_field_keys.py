from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core.fields import EncryptedTextField


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS. "
        "Put the new key first, keep the old ones, run this, then remove the old keys."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options) -> None:
        for model in apps.get_models():
            fields = [
                f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
            ]
            if not fields:
                continue
            done = 0
            last_pk = 0
            while True:
                with transaction.atomic():
                    # Reading decrypts with any key; saving encrypts with the first.
                    batch = list(
                        model._base_manager.select_for_update()
                        .filter(pk__gt=last_pk)
                        .order_by("pk")
                        .only("pk", *fields)[:batch_size]
                    )
                    if not batch:
                        break
                    model._base_manager.bulk_update(batch, fields)
                done += len(batch)
                last_pk = batch[-1].pk
            self.stdout.write(
                f"{model._meta.label}: {done} rows re-encrypted ({', '.join(fields)})"
            )
