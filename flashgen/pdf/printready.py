"""An sRGB output intent for every PDF flashgen makes for a printer (PDF/X-4 style).

Takes the bytes of a finished PDF and returns the same document with what a
print shop's preflight looks for (ISO 15930-7, PDF/X-4, with an RGB output
intent):

- ``/OutputIntents`` in the catalogue: ``/S /GTS_PDFX`` with the sRGB ICC
  profile (made by Pillow's ImageCms, the same bytes on every run) as
  ``/DestOutputProfile`` — flashgen draws in sRGB (the themes' hex colours),
  and this tells the RIP so instead of letting it guess;
- ``/GTS_PDFXVersion (PDF/X-4)`` and ``/Trapped /False`` in the document
  information, and the same in an XMP metadata stream (``pdfxid``, ``pdf``);
- a ``/TrimBox`` on every page (the MediaBox for pages cut at their edge:
  booklets, leaflets, office sheets; print-shop pages already set theirs);
- PDF version 1.6 at least.

Nothing in the content changes: text stays extractable, fonts stay embedded,
and the same input gives the same bytes (a fixed-ID, deterministic save, and
no date unless SOURCE_DATE_EPOCH gives one). A PDF that already carries an
output intent is returned unchanged, so finishing twice does nothing.

What this is not: strict PDF/X-4 also asks for creation and modification
dates (given only with SOURCE_DATE_EPOCH, to keep builds reproducible), and
the sRGB profile is a display ("mntr") profile where PDF/X prefers a printer
characterisation; see the README, "Banners and posters for the print shop".
"""

from __future__ import annotations

import io
import struct
import warnings
from functools import lru_cache

import pikepdf
from PIL import ImageCms

SRGB = "sRGB IEC61966-2.1"
PDFX_VERSION = "PDF/X-4"
MIN_PDF_VERSION = "1.6"
XMP_PDFX = "http://www.npes.org/pdfx/ns/id/"


# lcms2 stamps the profile's header with the time it was made (bytes 24–35, ICC.1 7.2.1): a fixed date
# instead (2000-01-01 00:00:00), so that every build embeds the same profile bytes. Its profile ID
# (bytes 84–99) is left zero by lcms2: "not computed", which a changed date keeps valid.
PROFILE_DATE = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
PROFILE_DATE_AT = slice(24, 36)


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile bytes (lcms2's built-in sRGB), identical on every run and in every process."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[PROFILE_DATE_AT] = PROFILE_DATE
    return bytes(profile)


def has_output_intent(pdf: pikepdf.Pdf) -> bool:
    return "/OutputIntents" in pdf.Root and len(pdf.Root.OutputIntents) > 0


def print_ready(data: bytes) -> bytes:
    """``data`` (a PDF) with an sRGB PDF/X-4 output intent, trim boxes and the PDF/X keys; unchanged if it has one."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if has_output_intent(pdf):
            return data
        _add_output_intent(pdf)
        _add_trim_boxes(pdf)
        _mark_pdfx(pdf)
        output = io.BytesIO()
        pdf.save(output, deterministic_id=True, compress_streams=True, min_version=MIN_PDF_VERSION,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return output.getvalue()


def _add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(srgb_profile())
    profile.N = 3  # RGB
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=SRGB,
        OutputCondition=SRGB,
        RegistryName="http://www.color.org",
        Info=SRGB,
        DestOutputProfile=profile,
    )])


def _add_trim_boxes(pdf: pikepdf.Pdf) -> None:
    """PDF/X needs a TrimBox (or ArtBox) on every page: a page without one is cut at its MediaBox."""
    for page in pdf.pages:
        if "/TrimBox" not in page.obj and "/ArtBox" not in page.obj:
            page.obj.TrimBox = pikepdf.Array(page.mediabox)


def _mark_pdfx(pdf: pikepdf.Pdf) -> None:
    """The PDF/X version and the trapping state, in the document information and in XMP."""
    # set_pikepdf_as_editor=False: no "modified now" date or producer written, the bytes stay reproducible.
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        with warnings.catch_warnings():  # keys with no XMP twin (reportlab's /Trapped) are set below, by hand
            warnings.simplefilter("ignore", UserWarning)
            xmp.load_from_docinfo(pdf.docinfo)  # title, author, subject, keywords, creator, dates: the same in both
        xmp.register_xml_namespace(XMP_PDFX, "pdfxid")
        xmp[f"{{{XMP_PDFX}}}GTS_PDFXVersion"] = PDFX_VERSION
        xmp["pdf:Trapped"] = "False"
    pdf.docinfo["/GTS_PDFXVersion"] = PDFX_VERSION
    pdf.docinfo["/Trapped"] = pikepdf.Name("/False")
