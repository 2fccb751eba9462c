"""A document carousel: PNG images in (the social album's 4:5 pages), one PDF out, one page per image.

LinkedIn and Facebook show an uploaded PDF as a swipeable post. Each page is
the image's pixel size at 72 dpi (1080 × 1350 px → 1080 × 1350 pt) and holds
the PNG losslessly: its pixels are stored Flate-compressed, never re-encoded
as JPEG (pikepdf writes the image object; the same bytes in, the same file out).
"""

from __future__ import annotations

import io
import zlib

import pikepdf
from PIL import Image


def carousel_pdf(images: list[bytes], title: str) -> bytes:
    """``images`` (PNG bytes) as one PDF, in order, each page exactly its image."""
    pdf = pikepdf.new()
    for data in images:
        image = Image.open(io.BytesIO(data))
        image = image.convert("RGB")  # the album is opaque; RGB is what every viewer shows alike
        width, height = image.size
        stream = pikepdf.Stream(pdf, zlib.compress(image.tobytes(), 6))
        stream.Type, stream.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        stream.Width, stream.Height, stream.BitsPerComponent = width, height, 8
        stream.ColorSpace, stream.Filter = pikepdf.Name.DeviceRGB, pikepdf.Name.FlateDecode
        content = pdf.make_stream(f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode("ascii"))
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, width, height], Contents=content,
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=stream)),
        )
        pdf.pages.append(pikepdf.Page(page))
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
    pdf.docinfo["/Title"] = title
    pdf.docinfo["/Creator"] = "flashgen"
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    return buffer.getvalue()
