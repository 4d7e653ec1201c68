"""Read a PDF as its users' tools do: the fonts it embeds (pdffonts) and its text (pdftotext).
A PNG of the first page lands in test-artifacts/ to look at."""

import shutil
import subprocess
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def _tools() -> None:
    for tool in ("pdffonts", "pdftotext", "pdftoppm"):
        if not shutil.which(tool):
            pytest.fail(
                f"{tool} is missing: run scripts/install-system-packages.sh (poppler-utils)"
            )


def inspect_pdf(pdf: bytes, name: str, tmp_path) -> tuple[str, str]:
    """(pdffonts output, the text with all whitespace removed)."""
    _tools()
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = "".join(text.split())  # letter-spaced headings come out with spaces
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(path), str(ARTIFACTS / name)],
        check=True,
    )
    return fonts, text


def assert_cjk_font_embedded(fonts: str) -> None:
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk, fonts
    assert all(" yes " in line for line in cjk)  # embedded
