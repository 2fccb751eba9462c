"""Incremental builds: a rebuild after an edit is byte-identical to a cold build; caches never serve stale bytes."""

from __future__ import annotations

import json
import os
import pickle
from dataclasses import replace
from pathlib import Path

from flashgen.build import build, input_key
from flashgen.load import fingerprint
from flashgen.load.fonts import FontBook
from flashgen.load.frame import Box, TextStyle
from flashgen.load.resources import DATA_DIR, FONTS_DIR
from flashgen.options import BuildOptions
from flashgen.output.cache import cache_folder
from flashgen.text import memo, wordbreak
from flashgen.text.layout import layout_text
from flashgen.text.wordbreak import WordBreaker
from tests.conftest import DATA, tree_snapshot, write_content

# Every product that an item edit used to make again from nothing, and the image products beside them.
PRODUCTS = ("flashcards", "social", "carousel", "booklet", "leaflet", "infographic", "banners", "tiled", "posters",
            "slides")
EDIT = ("Mua dịch vụ, trả tiền theo tháng", "Mua dịch vụ, trả phí hằng tháng")


def _options(content: Path, out: Path, **extra: object) -> BuildOptions:
    return BuildOptions(content=content, out_dir=out, products=PRODUCTS, sizes=("social",), platforms=("story",),
                        **extra)  # type: ignore[arg-type]


def _outputs(out: Path) -> dict[str, object]:
    """Every file's bytes; the manifest as read, without its build key (which names the output folder)."""
    found: dict[str, object] = {path: data for path, data in tree_snapshot(out).items() if path != "index.html"}
    manifest = json.loads(found.pop("manifest.json"))
    manifest.pop("build_key")
    return {**found, "manifest.json": manifest}


def test_a_rebuild_after_a_one_item_edit_is_byte_identical_to_a_cold_build(tmp_path):
    original = (DATA / "with-source.yaml").read_text(encoding="utf-8")
    assert EDIT[0] in original
    content = write_content(tmp_path / "c.yaml", original)
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    first = build(_options(content, incremental))
    write_content(content, original.replace(*EDIT))
    rebuilt = build(_options(content, incremental))
    fresh = build(_options(content, cold))
    changed = {f.path for f in rebuilt.files} - {(f.path) for f in first.files if (f.path, f.sha256) in
                                                 {(g.path, g.sha256) for g in rebuilt.files}}
    assert any(path.startswith("booklet/") for path in changed)  # the edit shows: the documents were made again
    assert not any(path.startswith("banners/") for path in changed)  # banners show no item
    assert _outputs(incremental) == _outputs(cold)  # every file, manifest included
    assert [(f.path, f.sha256) for f in rebuilt.files] == [(f.path, f.sha256) for f in fresh.files]
    assert cache_folder(incremental, "layout").is_dir()
    assert not any(".flashgen-cache" in path or "flashgen-cache" in path for path in tree_snapshot(incremental))


def test_a_changed_theme_colour_makes_the_documents_again(tmp_path):
    content = write_content(tmp_path / "c.yaml", (DATA / "with-source.yaml").read_text(encoding="utf-8"))
    out = tmp_path / "out"
    options = replace(_options(content, out), products=("booklet", "infographic"))
    before = _outputs(out) if build(options) else {}
    theme = tmp_path / "theme.yaml"
    theme.write_text('name: Thử\nbase: xanh\ncolours:\n  primary: "#0E5A3A"\n', encoding="utf-8")
    build(replace(options, theme=theme))
    after = _outputs(out)
    assert after["booklet/booklet-a4.pdf"] != before["booklet/booklet-a4.pdf"]
    assert after["infographic/web-list.png"] != before["infographic/web-list.png"]


def test_every_data_table_is_part_of_the_no_op_key_and_the_documents_keys(tmp_path, monkeypatch):
    tables = tmp_path / "data"
    tables.mkdir()
    for path in DATA_DIR.iterdir():
        (tables / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(fingerprint, "DATA_DIR", tables)
    fonts = FontBook.from_folders((FONTS_DIR,))
    options = BuildOptions(content=DATA / "with-source.yaml", out_dir=tmp_path / "out")
    key, tables_key = input_key(options, fonts), fingerprint.data_fingerprint()
    media = tables / "media.yaml"
    media.write_text(media.read_text(encoding="utf-8") + "\n# tuned\n", encoding="utf-8")
    assert input_key(options, fonts) != key
    assert fingerprint.data_fingerprint() != tables_key


def _style(face_path: Path | None = None) -> TextStyle:
    fonts = FontBook.from_folders((FONTS_DIR,))
    face = fonts.resolve("Be Vietnam Pro", 700)
    if face_path is not None:
        face = replace(face, path=face_path)
    return TextStyle(face=face, max_size=40.0, min_size=20.0)


def test_the_layout_key_changes_with_the_font_file_the_glossary_and_the_box(tmp_path):
    breaker = WordBreaker.for_glossary(("chuyển đổi số",))
    style = _style()
    box = Box(0.0, 0.0, 300.0, 200.0)
    key = memo.layout_key("Chuyển đổi số toàn diện", box, style, breaker)
    assert memo.layout_key("Chuyển đổi số toàn diện", box, style, WordBreaker.for_glossary(("chuyển đổi số",))) == key
    copy = tmp_path / style.face.path.name
    copy.write_bytes(style.face.path.read_bytes() + b"\0")  # the same name, other bytes
    assert memo.layout_key("Chuyển đổi số toàn diện", box, _style(copy), breaker) != key
    assert memo.layout_key("Chuyển đổi số toàn diện", box, style, WordBreaker.for_glossary(("toàn diện",))) != key
    assert memo.layout_key("Chuyển đổi số toàn diện", Box(0.0, 0.0, 301.0, 200.0), style, breaker) != key


def test_the_dictionary_is_named_by_its_files_in_every_process_and_a_changed_word_list_gives_new_keys(tmp_path, monkeypatch):
    breaker = WordBreaker.for_glossary(())
    copy = replace(breaker, words=frozenset(set(breaker.words)))  # an equal word list, without the hashes of the original
    assert copy.words is not breaker.words and memo.fingerprint(copy) == memo.fingerprint(breaker)
    key = memo.layout_key("Chuyển đổi số toàn diện", Box(0.0, 0.0, 300.0, 200.0), _style(), breaker)
    words = tmp_path / "vi-words.txt"
    words.write_text(wordbreak.WORDS_FILE.read_text(encoding="utf-8") + "\nxyzab qwert\n", encoding="utf-8")  # a word it lacked
    monkeypatch.setattr(wordbreak, "WORDS_FILE", words)
    wordbreak.dictionary_words.cache_clear()
    wordbreak.dictionary_fingerprint.cache_clear()
    try:
        edited = WordBreaker.for_glossary(())
        assert ("xyzab", "qwert") in edited.words
        assert memo.layout_key("Chuyển đổi số toàn diện", Box(0.0, 0.0, 300.0, 200.0), _style(), edited) != key
    finally:  # the bundled list is read again by the next test (monkeypatch puts WORDS_FILE back first)
        wordbreak.dictionary_words.cache_clear()
        wordbreak.dictionary_fingerprint.cache_clear()


def test_a_cached_block_is_the_block_and_is_written_to_disk(tmp_path):
    breaker = WordBreaker.for_glossary(())
    style, box = _style(), Box(0.0, 0.0, 280.0, 160.0)
    expected = layout_text("Một dòng chữ để thử bộ nhớ đệm", box, style, breaker)
    memo.open_cache(tmp_path)
    try:
        assert layout_text("Một dòng chữ để thử bộ nhớ đệm", box, style, breaker) == expected
    finally:
        memo.close_cache()
    (segment,) = tmp_path.glob("*.pickle")
    stored = pickle.loads(segment.read_bytes())
    assert list(stored.values()) == [expected]
    memo.open_cache(tmp_path)
    try:
        key = memo.layout_key("Một dòng chữ để thử bộ nhớ đệm", box, style, breaker)
        assert memo._cache is not None and memo._cache.known[key] == expected
    finally:
        memo.close_cache()


def test_a_qr_code_is_encoded_once_and_kept_for_the_next_build(tmp_path, monkeypatch):
    from flashgen.compose import qr

    encoded: list[str] = []
    original = qr._encode
    monkeypatch.setattr(qr, "_encode", lambda value: encoded.append(value) or original(value))
    link = "https://mic.gov.vn/thu-ma-qr"
    for build_number in range(2):  # two builds: two processes' worth of the per-process memory
        qr._dark_runs.cache_clear()
        qr.qr_rects.cache_clear()
        memo.open_cache(tmp_path)
        try:
            first, other_size = qr.qr_rects(link, 60.0), qr.qr_rects(link, 90.0)
        finally:
            memo.close_cache()
        assert len(first) == len(other_size) > 20 and first != other_size
    assert encoded == [link]


def test_a_failed_build_leaves_the_layout_cache_as_it_found_it(tmp_path):
    memo.open_cache(tmp_path)
    assert memo._cache is not None
    memo._cache.used["kept"] = 1
    memo.close_cache()
    before = sorted(p.name for p in tmp_path.iterdir())
    memo.open_cache(tmp_path)
    assert memo._cache is not None
    memo._cache.used["from-the-failed-build"] = 2
    memo.flush()  # a worker wrote its segment before the build failed
    memo.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == before and memo._cache is None


def test_the_layout_cache_keeps_only_the_last_builds_and_drops_damaged_segments(tmp_path):
    for build_number in range(memo.KEEP_BUILDS + 4):
        memo.open_cache(tmp_path)
        assert memo._cache is not None
        memo._cache.used[f"key-{build_number}"] = build_number
        memo.close_cache()
    (tmp_path / f"{'9' * 20}-1-damaged.pickle").write_bytes(b"not a pickle")
    memo.open_cache(tmp_path)
    try:
        assert memo._cache is not None
        # The damaged segment counts as the newest build; the builds before it are kept, it is removed.
        last = memo.KEEP_BUILDS + 4
        assert sorted(memo._cache.known.values()) == list(range(last - memo.KEEP_BUILDS + 1, last))
    finally:
        memo.close_cache()
    assert len(list(tmp_path.glob("*.pickle"))) == memo.KEEP_BUILDS - 1
    assert not (tmp_path / f"{'9' * 20}-1-damaged.pickle").exists()


def test_a_layout_cache_over_its_size_starts_again(tmp_path, monkeypatch):
    memo.open_cache(tmp_path)
    assert memo._cache is not None
    memo._cache.used["big"] = b"x" * 4096
    memo.close_cache()
    monkeypatch.setattr(memo, "MAX_BYTES", 1024)
    memo.open_cache(tmp_path)
    try:
        assert memo._cache is not None and memo._cache.known == {}
    finally:
        memo.close_cache()
    assert list(tmp_path.glob("*.pickle")) == []


def test_an_images_only_build_replaces_the_images_and_keeps_the_other_files_until_the_full_build(tmp_path):
    original = (DATA / "with-source.yaml").read_text(encoding="utf-8")
    content = write_content(tmp_path / "c.yaml", original)
    out = tmp_path / "out"
    options = BuildOptions(content=content, out_dir=out, products=("flashcards",), sizes=("a6",))
    first = build(options)
    decks = sorted(f.path for f in first.files if f.format == "pdf")
    assert decks  # a print size: the print-shop PDF beside the images
    before = tree_snapshot(out)
    write_content(content, original.replace(*EDIT))
    quick = build(options, images_only=True)
    middle = tree_snapshot(out)
    assert {f.path for f in quick.files} == {f.path for f in first.files} - set(decks)
    listed = {entry["path"] for entry in json.loads(middle["manifest.json"])["files"]}
    assert listed == {f.path for f in first.files}  # the manifest still lists the PDFs, still in place
    assert all(middle[path] == before[path] for path in decks)  # not made again yet
    assert [path for path in before if path.endswith(".png") and middle[path] != before[path]] == [
        "flashcards/a6/back-02.png"]
    assert "build_key" not in json.loads(middle["manifest.json"])  # the next build is never "nothing changed"
    full = build(options)
    assert not full.unchanged
    assert _outputs(out) == _outputs(build(replace(options, out_dir=tmp_path / "cold")) and tmp_path / "cold")


def _a6_cards_built(tmp_path: Path) -> tuple[BuildOptions, dict[str, int]]:
    """The A6 flashcards of the two-item content built (one worker), and each file's inode: a file written again
    is a new one."""
    content = write_content(tmp_path / "c.yaml", (DATA / "with-source.yaml").read_text(encoding="utf-8"))
    options = BuildOptions(content=content, out_dir=tmp_path / "out", products=("flashcards",), sizes=("a6",), jobs=1)
    return options, {f.path: (options.out_dir / f.path).stat().st_ino for f in build(options).files}


def _edit(options: BuildOptions) -> None:
    assert options.content is not None
    write_content(options.content, options.content.read_text(encoding="utf-8").replace(*EDIT))


def test_an_images_only_build_writes_only_the_changed_images_and_never_starts_the_print_pdf(tmp_path, monkeypatch):
    from flashgen.render import draw

    options, files = _a6_cards_built(tmp_path)
    out = options.out_dir
    _edit(options)

    def no_pdf(*args: object) -> bytes:
        raise AssertionError("an images-only build drew the print-shop PDF")

    monkeypatch.setattr(draw, "render_pdf_pages", no_pdf)
    quick = build(options, images_only=True)
    rewritten = sorted(path for path, inode in files.items() if (out / path).stat().st_ino != inode)
    assert rewritten == ["flashcards/a6/back-02.png"]
    assert sorted(f.path for f in quick.files) == sorted(p for p in files if p.endswith(".png"))
    monkeypatch.undo()
    build(options)
    assert _outputs(out) == _outputs(build(replace(options, out_dir=tmp_path / "cold")) and tmp_path / "cold")


def test_a_rebuild_leaves_unchanged_files_in_place_and_writes_one_changed_since_the_last_build(tmp_path):
    options, inodes = _a6_cards_built(tmp_path)
    out = options.out_dir
    touched = out / "flashcards/a6/front-01.png"  # opened and saved by someone after the build: the same bytes
    later = (out / "manifest.json").stat().st_mtime_ns + 2_000_000_000
    os.utime(touched, ns=(later, later))
    _edit(options)
    build(options)
    rewritten = sorted(path for path, inode in inodes.items() if (out / path).stat().st_ino != inode)
    assert rewritten == ["flashcards/a6/back-02.png", "flashcards/a6/front-01.png", "flashcards/flashcards-a6.pdf"]
    assert _outputs(out) == _outputs(build(replace(options, out_dir=tmp_path / "cold")) and tmp_path / "cold")


def test_a_pdf_the_last_build_left_in_place_is_not_opened_again_for_its_output_intent(tmp_path, monkeypatch):
    from flashgen.pdf import printready

    options, _inodes = _a6_cards_built(tmp_path)
    assert options.content is not None
    write_content(options.content, options.content.read_text(encoding="utf-8") + "\n# một dòng ghi chú\n")
    opened: list[int] = []
    original = printready.print_ready
    monkeypatch.setattr(printready, "print_ready", lambda data: opened.append(len(data)) or original(data))
    again = build(options)  # the content file changed, nothing it shows did: every file is the last build's
    assert not again.unchanged and any(f.format == "pdf" for f in again.files) and opened == []


def test_a_file_damaged_behind_flashgens_back_is_written_again_even_with_its_old_size_and_time(tmp_path):
    options, _inodes = _a6_cards_built(tmp_path)
    out = options.out_dir
    damaged = out / "flashcards/a6/front-01.png"
    status = damaged.stat()
    damaged.write_bytes(bytes(status.st_size))  # the same size, other bytes, and the time it had
    os.utime(damaged, ns=(status.st_atime_ns, status.st_mtime_ns))
    _edit(options)
    build(options)
    assert _outputs(out) == _outputs(build(replace(options, out_dir=tmp_path / "cold")) and tmp_path / "cold")


def test_after_an_edit_the_infographic_slides_the_last_build_made_are_left_in_place(tmp_path):
    """The slides a worker found already made are taken by the build's own process, which leaves them in place
    (they were written again when the worker read them); the edited ones are written."""
    content = write_content(tmp_path / "c.yaml", (DATA / "with-source.yaml").read_text(encoding="utf-8"))
    options = BuildOptions(content=content, out_dir=tmp_path / "out", products=("infographic",))
    before = {f.path: ((options.out_dir / f.path).stat().st_ino, (options.out_dir / f.path).read_bytes())
              for f in build(options).files if f.format == "png"}
    _edit(options)
    build(options)
    same = {path for path, (_inode, data) in before.items() if (options.out_dir / path).read_bytes() == data}
    kept = {path for path, (inode, _data) in before.items() if (options.out_dir / path).stat().st_ino == inode}
    # (an image drawn again with the same bytes, its drawing changed in a way no pixel shows, is written again)
    assert kept <= same and any("/carousel-" in path for path in kept) and len(kept) < len(before)
    assert _outputs(options.out_dir) == _outputs(build(replace(options, out_dir=tmp_path / "cold")) and tmp_path / "cold")


def test_after_an_item_grew_a_line_the_web_image_draws_that_item_s_strip_alone(tmp_path, monkeypatch):
    from flashgen.render import strips

    kept: list[int] = []
    original = strips._kept_strips
    monkeypatch.setattr(strips, "_kept_strips", lambda job, last: kept.append(len(job.strips) - len(
        found := original(job, last))) or found)  # strips left to draw
    text = (DATA / "with-source.yaml").read_text(encoding="utf-8")
    content = write_content(tmp_path / "c.yaml", text)
    options = replace(_options(content, tmp_path / "out"), products=("infographic",), jobs=1)
    first = {f.path: f for f in build(options).files}
    grown = text.replace(EDIT[0], EDIT[0] + ", mọi lúc, mọi nơi, cho mọi người dân và mọi doanh nghiệp")
    write_content(content, grown)
    kept.clear()
    rebuilt = {f.path: f for f in build(options).files}
    assert kept == [1, 1]  # the list's and the comparison's web image: the edited item's strip
    for web in ("infographic/web-list.png", "infographic/web-comparison.png"):  # which pushed the rest down
        assert rebuilt[web].height_px > first[web].height_px
    cold = build(replace(options, out_dir=tmp_path / "cold"))
    assert {path: f.sha256 for path, f in rebuilt.items()} == {f.path: f.sha256 for f in cold.files}


def test_after_an_edit_the_posters_do_not_show_their_drawing_is_taken_from_the_last_build(tmp_path, monkeypatch):
    """The posters show no item's paragraph (its `text`): an edited paragraph leaves their drawing as it was,
    and the last build's files are taken, not drawn again; an edited heading draws them again."""
    from flashgen.products import infographic, posters, tiled

    drawn: list[str] = []
    for module, name in ((infographic, "draw_posters"), (posters, "_print_shop_posters"), (tiled, "_tiled")):
        original = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *args, _name=name, _original=original: drawn.append(_name)
                            or _original(*args))
    paragraph = "    text: Doanh nghiệp mua dịch vụ thay vì mua sản phẩm.\n"
    content = write_content(tmp_path / "c.yaml", (DATA / "with-source.yaml").read_text(encoding="utf-8") + paragraph)
    options = BuildOptions(content=content, out_dir=tmp_path / "out", products=("infographic", "posters", "tiled"), jobs=1)
    first = {f.path: f.sha256 for f in build(options).files if f.format == "pdf"}
    drawn.clear()
    write_content(content, content.read_text(encoding="utf-8").replace("sản phẩm.", "sản phẩm, hằng tháng."))
    rebuilt = {f.path: f.sha256 for f in build(options).files if f.format == "pdf"}
    assert drawn == [] and rebuilt == first
    assert _outputs(options.out_dir) == _outputs(build(replace(options, out_dir=tmp_path / "cold")) and tmp_path / "cold")
    drawn.clear()
    write_content(content, content.read_text(encoding="utf-8").replace("sang dịch vụ", "sang dịch vụ số"))
    again = {f.path: f.sha256 for f in build(options).files if f.format == "pdf"}
    assert sorted(drawn) == sorted(["draw_posters", "_print_shop_posters", "_tiled"] * 2)  # two layouts each
    assert all(again[path] != first[path] for path in first)


def test_after_an_edit_the_booklet_sets_again_only_the_lines_of_the_edited_text(tmp_path, monkeypatch):
    """Every paragraph's lines are kept in the layout cache: after an edit, reportlab breaks only the edited
    text's paragraphs again (and pieces of a page break), and the booklets are those of a cold build."""
    from reportlab.platypus.paragraph import Paragraph

    broken: list[str | None] = []
    original = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, width: broken.append(getattr(self, "markup", None))
                        or original(self, width))
    content = write_content(tmp_path / "c.yaml", (DATA / "with-source.yaml").read_text(encoding="utf-8"))
    options = BuildOptions(content=content, out_dir=tmp_path / "out", products=("booklet",), jobs=1)
    build(options)
    cold_count = len(broken)
    broken.clear()
    _edit(options)
    build(options)
    again = [markup for markup in broken if markup is not None]
    assert again and all("trả phí" in markup for markup in again) and len(broken) < cold_count / 4  # (at any width)
    assert _outputs(options.out_dir) == _outputs(build(replace(options, out_dir=tmp_path / "cold")) and tmp_path / "cold")
