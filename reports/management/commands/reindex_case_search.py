from django.core.management.base import BaseCommand

from reports import search


class Command(BaseCommand):
    help = (
        "Rebuild the case search's blind index (the keyed fingerprints of the character pairs "
        "of each case's encrypted texts, reports/search.py) for every case, in batches. Run it "
        "after changing SEARCH_INDEX_KEY (or BLIND_INDEX_KEY when SEARCH_INDEX_KEY is empty): "
        "until then a word of a description finds nothing. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="cases per transaction")

    def handle(self, *args, batch_size: int, **options):
        done = search.reindex_all(batch_size=batch_size)
        self.stdout.write(f"{done} case(s) indexed.")
