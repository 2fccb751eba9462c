"""What a PDF draws its text at: the font size of every piece of text, read from the content streams."""

from pathlib import Path

import pikepdf

TEXT_SHOWING = ("Tj", "TJ", "'", '"')


def text_sizes(path: Path) -> set[float]:
    """The font size (Tf) of every piece of text drawn, rounded to 0.01 pt (for documents that draw no text scaled)."""
    sizes = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            size = None
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tf":
                    size = float(operands[1])
                elif str(operator) in TEXT_SHOWING and size is not None:
                    sizes.add(round(size, 2))
    return sizes
