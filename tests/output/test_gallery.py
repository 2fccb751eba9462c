"""The preview gallery: every file of a build linked from out/index.html, which opens in a browser from disk."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image, ImageStat

from flashgen.build import build
from flashgen.errors import FlashgenError
from flashgen.load.presets import load_presets
from flashgen.options import BuildOptions
from flashgen.output.gallery import render_page, sections, write_gallery
from flashgen.output.lock import output_lock
from flashgen.output.manifest import MANIFEST_NAME, Manifest, OutputFile, read_manifest
from flashgen.output.staging import Staging
from flashgen.products import PRODUCTS
from tests.conftest import DATA
from tests.e2e.test_cli import flashgen

ODD_NAME = "flashcards/social/thẻ số 1 <b>&\"#?%'.png"
ODD_ALT = "<script>alert('x')</script> & \"Ệ\""


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small build of three products: flashcard images, one social platform and the leaflet PDF."""
    out = tmp_path_factory.mktemp("preview") / "out"
    build(BuildOptions(
        content=DATA / "with-source.yaml", out_dir=out, products=("flashcards", "social", "leaflet"),
        platforms=("facebook-portrait",), sizes=("social",),
    ))
    return out


@pytest.fixture
def gallery(built: Path, tmp_path: Path) -> Path:
    """A copy of the build, with one oddly named image added to its manifest, in a folder with a space."""
    out = tmp_path / "bản dựng 1"
    shutil.copytree(built, out)
    add_odd_image(out)
    return out


def manifest(out: Path) -> dict:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))


def add_odd_image(out: Path) -> None:
    """Copy a card to a name with spaces, Vietnamese letters and HTML/URL specials, and list it."""
    data = manifest(out)
    source = next(entry for entry in data["files"] if entry["path"] == "flashcards/social/front-01.png")
    shutil.copyfile(out / source["path"], out / ODD_NAME)
    data["files"].append({**source, "path": ODD_NAME, "alt_text": ODD_ALT, "render_key": None})
    data["campaign"] = "Chiến dịch <i>thử</i> & \"kiểm tra\""
    (out / MANIFEST_NAME).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


class Page(HTMLParser):
    """The links, images and visible text of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "img":
            self.images.append(values)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def local_path(out: Path, url: str) -> Path:
    parts = urlsplit(url)
    assert not parts.scheme and not parts.netloc and not url.startswith("/"), url
    return out / unquote(parts.path)


def image_paths(out: Path) -> list[str]:
    return [e["path"] for e in manifest(out)["files"] if e["format"] in ("png", "jpeg")]


def test_every_file_is_linked_and_every_link_resolves(gallery):
    page = Page(write_gallery(gallery).read_text(encoding="utf-8"))
    files = {entry["path"] for entry in manifest(gallery)["files"]}
    file_links = [link for link in page.links if not link.startswith("#")]
    for link in file_links + [str(image["src"]) for image in page.images]:
        assert local_path(gallery, link).is_file(), link
    assert {str(local_path(gallery, link).relative_to(gallery)) for link in file_links} == files
    assert sorted(unquote(str(image["src"])) for image in page.images) == sorted(image_paths(gallery))
    for image in page.images:
        assert image["loading"] == "lazy" and int(str(image["width"])) > 0 and int(str(image["height"])) > 0


def test_outputs_are_grouped_with_sizes_captions_and_alt_text(gallery):
    html = write_gallery(gallery).read_text(encoding="utf-8")
    text = " ".join(" ".join(Page(html).text).split())
    order = [text.index(label) for label in ("Flashcards", "Social media", "Leaflet")]
    assert order == sorted(order)
    assert text.index("Front") < text.index("Back")
    assert f"{len(manifest(gallery)['files'])} files" in text
    assert "1080 × 1350 px" in text and "297 × 210 mm" in text and re.search(r"\d+ KB", text)
    assert "captions.txt" in text and "captions.csv" in text and "facebook-portrait.zip" in text
    social = [e for e in manifest(gallery)["files"] if e["product"] == "social" and e["alt_text"]]
    assert [text.index(e["path"].rsplit("/", 1)[1]) for e in social] == sorted(text.index(e["path"].rsplit("/", 1)[1]) for e in social)
    for entry in social:
        assert " ".join(entry["alt_text"].split()) in text
    assert "Điểm 1/2: Chuyển từ đầu tư sang thuê" in text  # the post caption, from captions.csv


def test_odd_names_and_texts_are_escaped(gallery):
    html = write_gallery(gallery).read_text(encoding="utf-8")
    page = Page(html)
    assert "<script>alert" not in html and "<i>thử" not in html and "<b>&" not in html
    assert page.tags.count("script") == 1 and "i" not in page.tags and "b" in page.tags  # <b> only from the page itself
    text = " ".join(page.text)
    assert ODD_ALT in text and "Chiến dịch <i>thử</i> & \"kiểm tra\"" in text
    odd = [image for image in page.images if image["alt"] == ODD_ALT]
    assert len(odd) == 1 and local_path(gallery, str(odd[0]["src"])) == gallery / ODD_NAME


def test_same_manifest_gives_the_same_page(gallery, tmp_path):
    first = write_gallery(gallery).read_bytes()
    assert write_gallery(gallery).read_bytes() == first
    moved = shutil.copytree(gallery, tmp_path / "elsewhere")
    assert write_gallery(moved).read_bytes() == first


@pytest.mark.parametrize("manifest_text", [None, "{not json", "[1, 2]"])
def test_no_readable_manifest_is_a_clear_error(tmp_path, manifest_text):
    if manifest_text is not None:
        (tmp_path / MANIFEST_NAME).write_text(manifest_text, encoding="utf-8")
    with pytest.raises(FlashgenError, match=r"manifest\.json is missing or unreadable\); run `flashgen build --out .*` first"):
        write_gallery(tmp_path)
    assert not (tmp_path / "index.html").exists()


def test_a_later_build_keeps_the_gallery(gallery):
    page = write_gallery(gallery)
    listed = manifest(gallery)
    with output_lock(gallery), \
            Staging(gallery, Manifest((), None, {}), tuple(PRODUCTS), read_manifest(gallery)) as staging:  # a build that no longer makes any of the files
        staging.commit()
    assert not (gallery / "flashcards/social/front-01.png").exists()  # the earlier build's files went
    assert page.is_file()
    assert all(entry["path"] != "index.html" for entry in listed["files"] + manifest(gallery)["files"])


def test_preview_command(built, tmp_path):
    out = shutil.copytree(built, tmp_path / "out")
    result = flashgen("preview", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out / "index.html") in result.stdout and (out / "index.html").is_file()
    missing = flashgen("preview", "--out", str(tmp_path / "nothing"))
    assert not (tmp_path / "nothing").exists()  # the lock leaves no empty folder behind
    assert missing.returncode == 1 and "Error:" in missing.stderr and "flashgen build --out" in missing.stderr
    assert "Traceback" not in missing.stderr


# --- in a real browser -----------------------------------------------------------------------------


def chromium(page: Path, profile: Path, *arguments: str) -> str:
    """Open ``page`` from disk in headless Chromium (Debian's `chromium`), letting every image load."""
    program = shutil.which("chromium") or shutil.which("chromium-browser")
    if program is None:
        pytest.fail("Chromium is not installed: run `bash scripts/system-packages --test` (CI installs it).")
    sandbox = ["--no-sandbox"] if os.geteuid() == 0 else []  # Chromium refuses to run as root with its sandbox
    command = [
        program, "--headless", "--disable-gpu", *sandbox, f"--user-data-dir={profile}", "--hide-scrollbars",
        "--virtual-time-budget=10000", *arguments, f"{page.resolve().as_uri()}#check",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def image_counts(dom: str) -> dict[str, int]:
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:2000]
    return {name: int(value) for name, value in re.findall(r'data-images(-\w+)?="(\d+)"', body.group(1))}


def test_gallery_opens_from_disk_in_chromium_with_every_image(gallery, tmp_path):
    page = write_gallery(gallery)
    images = len(image_paths(gallery))
    assert image_counts(chromium(page, tmp_path / "profile", "--dump-dom")) == {"": images, "-loaded": images, "-broken": 0}

    screenshot = tmp_path / "gallery.png"
    chromium(page, tmp_path / "profile", f"--screenshot={screenshot}", "--window-size=1280,2000")
    with Image.open(screenshot) as shot:
        assert shot.size == (1280, 2000)
        spread = ImageStat.Stat(shot.convert("L")).stddev[0]
        colours = len(shot.convert("RGB").getcolors(1 << 24) or [])
    assert spread > 40 and colours > 5000, (spread, colours)  # card images painted, not a blank or text-only page

    (gallery / "flashcards/social/back-02.png").unlink()
    dom = chromium(page, tmp_path / "profile", "--dump-dom")
    assert image_counts(dom) == {"": images, "-loaded": images - 1, "-broken": 1}
    assert "1 image failed to load" in dom


def test_preview_waits_for_no_build_it_refuses_while_one_writes(built, tmp_path):
    """The gallery is written under the folder's lock: never half-way through a build's commit."""
    out = shutil.copytree(built, tmp_path / "out")
    page = (out / "index.html").read_bytes() if (out / "index.html").exists() else None
    with output_lock(out):
        result = flashgen("preview", "--out", str(out))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "another flashgen build is writing to" in " ".join(result.stderr.split())
    assert ((out / "index.html").read_bytes() if (out / "index.html").exists() else None) == page
    assert not (out / ".flashgen.lock").exists()


def _card_image(path: str, item: int, side: str, product: str = "flashcards", size: str = "a6") -> OutputFile:
    return OutputFile(path=path, product=product, format="png", size=size, item=item, side=side, width_px=10,
                      height_px=10, width_mm=None, height_mm=None, bytes=1, sha256="0")


def test_one_sided_cards_are_named_under_the_backs():
    files = [_card_image(f"flashcards/a6/front-0{n}.png", n, "front") for n in (1, 2, 3)]
    files.append(_card_image("flashcards/a6/back-02.png", 2, "back"))
    (section,) = sections(files, load_presets())
    front, back = section.groups[0].rows
    assert (len(front.images), front.note) == (3, "")
    assert (len(back.images), back.note) == (1, "Cards 1, 3: front only")
    (section,) = sections(files[:3], load_presets())
    (front,) = section.groups[0].rows
    assert front.note == "Every card has a front only"


def test_item_images_are_labelled_in_no_campaign_s_words():
    """An item's social image is tagged "Item 3" ("Mục 3"): not "Điểm", the 17-point campaign's word."""
    image = _card_image("social/facebook-portrait/album-02-point-01.png", 1, "point", "social", "facebook-portrait")
    html = render_page(Manifest((image,), None, {}), [image], {}, load_presets())
    assert "Item 1" in html and "Điểm" not in html
