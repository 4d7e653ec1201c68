"""What a person reads on a page, and what in it is not Chinese: Latin-letter words outside a
short list and format strings left unformatted. ``Pages`` opens pages with the test client,
remembers which URL names answered and collects the findings (tests/test_chinese_pages.py)."""

import json
import re
from html.parser import HTMLParser

from django.urls import URLPattern, URLResolver, get_resolver

# Latin words a Chinese page may carry: file formats and everyday abbreviations.
ALLOWED = {"PDF", "QR", "CSV", "XLSX", "Excel", "SMS", "ID", "URL", "JPEG", "PNG", "HEIC", "MB"}
UNFORMATTED = re.compile(r"%\(|%[sd]\b|%\d|\{\d*\}|\{\{|\}\}|\{%|%\}")
LATIN_WORD = re.compile(r"[A-Za-z]+")
# Latin words in a row, with what joins them, make one finding ("Say why the case…").
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’,.;:!?() -]*[A-Za-z]|[A-Za-z]")
PATH = re.compile(r"(?<![\w/])/[a-z0-9/_.-]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
WEB_ADDRESS = re.compile(r"https?://\S+")
PAPER_SIZE = re.compile(r"(?<![A-Za-z])A[3-6](?![0-9A-Za-z])")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


# ------------------------------------------------------------------------------
# What a person reads
# ------------------------------------------------------------------------------
class _Reader(HTMLParser):
    """The text of a page a person reads, and the messages its scripts will insert."""

    HIDDEN = {"script", "style", "template"}
    SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.script_messages: list[str] = []
        self.json: list[str] = []
        self._hidden = 0
        self._json = False
        self._unseen: list = []

    def handle_starttag(self, tag, attrs) -> None:
        values = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
            self._json = tag == "script" and values.get("type") == "application/json"
        if self._unseen:
            self._unseen[1] += tag == self._unseen[0]
        elif "visually-hidden" in (values.get("class") or "").split():
            # Django admin's table headings for screen readers, from Django's own catalogue.
            self._unseen = [tag, 1]
        if "/static/admin/" in (values.get("src") or ""):
            return  # Django admin's icons say True, False and Search in their alt text
        for name in self.SHOWN_ATTRIBUTES:
            if values.get(name):
                self.text.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            self.text.append(values.get("value") or "")
        for name, value in attrs:
            if value and (name.startswith("data-msg") or name == "data-confirm"):
                self.script_messages.append(value)

    def handle_startendtag(self, tag, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self.HIDDEN:
            self.handle_endtag(tag)

    def handle_endtag(self, tag) -> None:
        if self._unseen and tag == self._unseen[0]:
            self._unseen[1] -= 1
            if not self._unseen[1]:
                self._unseen = []
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
            self._json = False

    def handle_data(self, data) -> None:
        if self._json:
            self.json.append(data)
        elif not self._hidden and not self._unseen:
            self.text.append(data)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def filled(message: str) -> str:
    """A script message as its script shows it: each %(name)s replaced by a number."""
    return PLACEHOLDER.sub("12", message)


def readable(html: str) -> list[str]:
    """What a person reads on the page: its text, the attributes a browser shows, the strings
    of its JSON data (chart labels), and its scripts' messages filled as they are shown."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    texts = [" ".join(reader.text)]
    texts += [s for block in reader.json for s in _strings(json.loads(block))]
    texts += [filled(m) for m in reader.script_messages]
    return texts


def known_pattern(known: set[str]) -> re.Pattern | None:
    """The strings the data itself brings (case numbers, codes, user names), as whole words."""
    if not known:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(known, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])")


def problems(text: str, known: re.Pattern | None = None) -> list[str]:
    """Latin words outside the allowed ones and unformatted placeholders, each with the words
    around it; ``known`` (see ``known_pattern``) is left out."""
    if known is not None:
        text = known.sub(" ", text)
    for pattern in (EMAIL, WEB_ADDRESS, PATH, PAPER_SIZE):
        text = pattern.sub(" ", text)
    text = re.sub(r"\s+", " ", text)
    found = [text[max(0, m.start() - 20) : m.end() + 20] for m in UNFORMATTED.finditer(text)]
    found += [
        run.group(0)
        for run in LATIN_RUN.finditer(text)
        if any(word not in ALLOWED for word in LATIN_WORD.findall(run.group(0)))
    ]
    return found


def url_names(apps: tuple[str, ...]) -> set[str]:
    """Every named URL of these apps' url confs, as namespace:name."""
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace in apps:
            for pattern in entry.url_patterns:
                if isinstance(pattern, URLPattern) and pattern.name:
                    names.add(f"{entry.namespace}:{pattern.name}")
    return names


class Pages:
    """Opens pages, remembers which URL names answered 200, and collects what is not Chinese."""

    def __init__(self, client) -> None:
        self.client = client
        self.findings: dict[str, list[str]] = {}
        self.rendered: set[str] = set()
        self.known: re.Pattern | None = None

    def _check(self, response, where: str) -> None:
        kind = response.get("Content-Type", "")
        assert kind.startswith("text/html"), f"{where}: {kind}"
        for text in readable(response.content.decode()):
            for context in problems(text, self.known):
                self.findings.setdefault(context, []).append(where)

    def _name(self, response) -> str | None:
        match = response.resolver_match
        return match.view_name if match else None

    def get(self, url: str, who: str = "", expect: tuple[int, ...] = (200,)):
        response = self.client.get(url)
        name = self._name(response)
        if response.status_code in (301, 302):
            response = self.client.get(response.url)
            if response.status_code == 200 and name:
                self.rendered.add(name)
        self._record(response, f"GET {url} [{who}]", expect)
        return response

    def post(self, url: str, data: dict | None = None, who: str = "", expect=(200, 400)):
        # A browser always sends the CSRF token: a form sent empty is never an empty POST.
        response = self.client.post(url, {"csrfmiddlewaretoken": "token", **(data or {})})
        where = f"POST {url} [{who}]"
        name = self._name(response)
        if response.status_code in (301, 302):
            followed = self.client.get(response.url)
            self._record(followed, f"{where} → {response.url}", (200,))
            if followed.status_code == 200 and name:
                self.rendered.add(name)
            return followed
        self._record(response, where, expect)
        if response.status_code in (200, 400) and name:
            self.rendered.add(name)
        return response

    def _record(self, response, where: str, expect) -> None:
        assert response.status_code in expect, f"{where}: {response.status_code}"
        if response.status_code == 200 and (name := self._name(response)):
            self.rendered.add(name)
        self._check(response, where)

    def as_(self, user) -> "Pages":
        self.client.force_login(user)
        return self
