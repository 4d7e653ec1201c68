"""Reading the files a form kept across a mistake (core.staging) back from its page."""

import re


def kept_ids(response, name: str = "kept") -> str:
    """The hidden input that carries the kept files' ids (comma-separated), as the browser
    would send it back; empty when the page kept nothing."""
    html = response.content.decode() if hasattr(response, "content") else response
    values = re.findall(rf'name="{re.escape(name)}" value="([0-9a-f,]*)"', html)
    return ",".join(v for v in values if v)
