"""Stage 8 — products: laid-out cards and the campaign in, files with their manifest facts out.

``PRODUCTS`` is the one list of what flashgen makes. Each entry names the
module that makes it; every such module has the same two functions (see
base.py):

- ``wants(inputs: Inputs) -> CardRequest``: the cards and social images it
  shows, laid out by the build before anything is drawn;
- ``make(build: ProductBuild) -> Made``: its files and notes.

Choosing products (``--product``, ``products:`` in flashgen.yaml), the CLI
help, ``flashgen check``, the gallery's sections and the order of the build
all read this registry. A new product is one module with those two functions
and one line below.

The modules are imported only when a build makes their product: they bring in
the renderer and the PDF libraries, which ``flashgen --help`` and a build with
nothing to do never need.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

from flashgen.errors import FlashgenError
from flashgen.i18n import _

ITEM_LAYOUTS = ("contrast", "statement", "figure")  # the item kinds (data/wording.yaml): one layout each


@dataclass(frozen=True)
class Product:
    name: str  # as typed after --product and in flashgen.yaml; the manifest's "product"
    label: str  # the gallery's section title, Vietnamese / English
    summary: str  # what it is, for the help
    module: str  # the module with its ``wants`` and ``make``
    gallery: str  # how the gallery groups its files: "sizes", "platforms" or "files" (output/gallery.py)
    # The layouts flashgen.yaml's 'layouts:' may choose for it (none: it shows the cards of another product).
    layouts: tuple[str, ...] = ()
    many_layouts: bool = False  # several layouts at once (the infographic); else one, for every item
    # Its PDFs go to a printer (`flashgen check --print` checks them); False: shown on screens (slides, carousel).
    printed: bool = True
    default: bool = True  # made when no product is chosen (the video takes minutes: only when asked for)

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


PRODUCTS: dict[str, Product] = {product.name: product for product in (
    Product("flashcards", "Thẻ / Flashcards", "card images in PNG, and print-shop PDFs",
            "flashgen.products.flashcards", "sizes", ITEM_LAYOUTS),
    Product("social", "Mạng xã hội / Social media", "images to post, with captions, per platform",
            "flashgen.products.social", "platforms", ITEM_LAYOUTS),
    Product("print", "In văn phòng / Office printing", "cards on office paper, double-sided, to cut",
            "flashgen.products.printing", "files"),
    Product("booklet", "Tập tài liệu / Booklet", "the handout, A4 and A5",
            "flashgen.products.booklet", "files", ITEM_LAYOUTS),
    Product("leaflet", "Tờ gấp / Leaflet", "a tri-fold A4 leaflet",
            "flashgen.products.leaflet", "files", ITEM_LAYOUTS),
    Product("infographic", "Infographic", "posters, a tall image and a carousel",
            "flashgen.products.infographic", "files", ("list", "comparison", "figures"), many_layouts=True),
    Product("tiled", "Áp phích in ghép / Tiled poster", "the A2 poster on A4 sheets, to glue together",
            "flashgen.products.tiled", "files"),
    Product("posters", "Áp phích gửi nhà in / Print-shop posters", "the infographic's posters A3 to A0 with bleed and crop marks",
            "flashgen.products.posters", "files"),
    Product("banners", "Băng rôn / Banners", "the messages and the year's theme as print-shop banners at real size",
            "flashgen.products.banners", "files"),
    Product("slides", "Trình chiếu / Slides", "a 16:9 slide deck for conferences, PPTX and PDF",
            "flashgen.products.slides", "files", ITEM_LAYOUTS, printed=False),
    Product("carousel", "Bài đăng tài liệu / Document carousel", "the 4:5 album as one PDF for document posts",
            "flashgen.products.carousel", "files", printed=False),
    Product("video", "Video / Video", "MP4 clips of the album for LED screens, TikTok/Reels and YouTube (only when chosen)",
            "flashgen.products.video", "files", default=False),
)}


def choose_products(requested: tuple[str, ...]) -> tuple[Product, ...]:
    """The requested products in the registry's order (the default ones if none is requested)."""
    unknown = [name for name in requested if name not in PRODUCTS]
    if unknown:
        raise FlashgenError(
            _("unknown product {names}; choose from: {products}.").format(
                names=", ".join(repr(n) for n in unknown), products=", ".join(PRODUCTS)
            ),
            code="unknown-choice",
            field="products",
        )
    return tuple(product for name, product in PRODUCTS.items() if name in requested or not requested and product.default)
