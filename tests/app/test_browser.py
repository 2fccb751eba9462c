"""The app in a real browser: Debian's Chromium, driven by Playwright, against the server on a free port.

One person's way through the four screens: start a statements campaign, type an item and see its card
change, make its heading too long and see the page report the overflow, fix it and see the finding go, choose
one small product, build, watch the progress end, download everything and look inside the zip.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NEW_HEADING = "Đẩy mạnh chuyển đổi số ở vùng đồng bào dân tộc thiểu số"
TOO_LONG = " ".join(["Tăng cường ứng dụng công nghệ thông tin và chuyển đổi số trong công tác dân tộc"] * 12)
WAIT_MS = 20_000


def preview_src(page: Any) -> str:
    return page.get_attribute("[data-test=preview-image]", "src") or ""


def wait_preview_changed(page: Any, before: str) -> str:
    """The preview image's data URL once it differs from ``before`` (the page redrew the card)."""
    page.wait_for_function(
        "before => { const s = document.querySelector('[data-test=preview-image]').getAttribute('src');"
        " return s && s.startsWith('data:image/png;base64,') && s !== before; }",
        arg=before, timeout=WAIT_MS)
    return preview_src(page)


def finding_codes(page: Any) -> list[str]:
    return page.eval_on_selector_all("[data-test=findings] [data-test=finding]", "els => els.map(e => e.dataset.code)")


def wait_saved(page: Any) -> None:
    page.wait_for_selector("[data-test=save-state][data-state=saved]", timeout=WAIT_MS)


def create_statements_campaign(page: Any, url: str, name: str) -> None:
    page.goto(url + "/")
    page.wait_for_selector("[data-test=new-create]")
    page.fill("[data-test=new-name]", name)
    page.check("[data-test=new-kind-statements] input")
    page.click("[data-test=new-create]")
    page.wait_for_selector("[data-test=item-row]", timeout=WAIT_MS)
    page.wait_for_function("() => (document.querySelector('[data-test=preview-image]').getAttribute('src') || '')"
                           ".startsWith('data:image/png')", timeout=WAIT_MS)


def choose_only(page: Any, group: str, name: str) -> None:
    """Tick ``name`` alone among the checkboxes of ``group`` (products, sizes, platforms) on the look screen."""
    for box in page.query_selector_all(f"[data-test=choose-{group}] input[type=checkbox]"):
        wanted = box.get_attribute("value") == name
        if box.is_checked() != wanted:
            box.click()


def test_a_campaign_from_start_to_download(app_server: str, workspace: Path, browser_page: Any,
                                           tmp_path: Path) -> None:
    page = browser_page
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    # 1. A new statements campaign opens in the editor, its first card drawn.
    create_statements_campaign(page, app_server, "Kế hoạch thử")
    rows = page.locator("[data-test=item-row]")
    count = rows.count()
    assert count >= 1
    assert "Heading" in page.locator("[data-test=items] th").all_inner_texts()  # the statement's fields

    # 2. Type an item: a new row, its heading typed; the preview follows.
    before = preview_src(page)
    page.click("[data-test=item-add]")
    assert rows.count() == count + 1
    heading = page.locator("[data-test=item-row].selected [data-test=cell-heading]")
    heading.fill(NEW_HEADING)
    after = wait_preview_changed(page, before)
    assert after != before

    # 3. A heading far too long: the page says the text overflows its frame, in words.
    heading.fill(TOO_LONG)
    page.wait_for_selector("[data-test=findings] [data-test=finding][data-code=overflow]", timeout=WAIT_MS)
    message = page.inner_text("[data-test=findings] [data-test=finding][data-code=overflow]")
    assert len(message) > 20 and "Traceback" not in message

    # 4. Fixed: the finding goes, and the change is saved by itself.
    heading.fill(NEW_HEADING)
    page.wait_for_function("() => !document.querySelector('[data-test=findings] [data-code=overflow]')",
                           timeout=WAIT_MS)
    assert "overflow" not in finding_codes(page)
    wait_saved(page)
    content = next(workspace.glob("*/content.yaml")).read_text(encoding="utf-8")
    assert NEW_HEADING in content and TOO_LONG not in content

    # 5. The look: only the A7 flashcards (one small product, one size) so the build takes seconds.
    page.click("[data-test=go-look]")
    page.wait_for_selector("[data-test=choose-products]")
    choose_only(page, "products", "flashcards")
    choose_only(page, "sizes", "a7")
    wait_saved(page)

    # 6. Build: the progress bar ends full, the gallery and the downloads appear.
    page.click("[data-test=go-build]")
    page.click("[data-test=build-start]")
    page.wait_for_selector("[data-test=build-state][data-state=done]", timeout=60_000)
    progress = page.eval_on_selector("[data-test=build-progress]", "p => [p.value, p.max]")
    assert progress[0] == progress[1] and progress[1] >= 1
    page.wait_for_selector("[data-test=results]:not([hidden]) [data-test=download-all]")
    assert (page.get_attribute("[data-test=gallery]", "src") or "").endswith("/out/index.html")

    # 7. Everything as one zip: the A7 cards of every item (the new one too) and their PDF.
    with page.expect_download() as waiting:
        page.click("[data-test=download-all]")
    saved = tmp_path / "all.zip"
    waiting.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
    fronts = sorted(name for name in names if re.search(r"flashcards/a7/front-\d+\.png$", name))
    assert len(fronts) == count + 1, names
    assert f"flashcards/a7/front-{count + 1:02d}.png" in names, names
    assert any(name.endswith("flashcards-a7.pdf") for name in names), names
    assert not any("/a6/" in name for name in names), names  # only what was chosen was made
    assert problems == []


def test_the_access_code_box(app_server_with_code: str, browser_page: Any) -> None:
    """Shared on a network, the page asks for the code, says in words when it is wrong, and opens with it."""
    from tests.app.conftest import ACCESS_CODE

    page = browser_page
    page.goto(app_server_with_code + "/")
    page.wait_for_selector("[data-test=login] [data-test=login-code]")
    assert page.inner_text("[data-test=login] h2") == "Access code"
    page.fill("[data-test=login-code]", "not-the-code")
    page.click("[data-test=login-submit]")
    page.wait_for_selector("[data-test=login-error]:not([hidden])")
    assert "code" in page.inner_text("[data-test=login-error]").lower()
    page.fill("[data-test=login-code]", ACCESS_CODE)
    page.click("[data-test=login-submit]")
    page.wait_for_selector("[data-test=new-create]")
    assert not page.is_visible("[data-test=login]")
    assert page.is_visible("[data-test=no-projects]")


EVIL_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY boom "boom">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&boom;</text></svg>
"""


def test_refused_uploads_are_said_in_the_page(app_server: str, workspace: Path, browser_page: Any,
                                               tmp_path: Path) -> None:
    """An oversized spreadsheet and an SVG logo with an XML entity: refused, the server's words shown in the
    page's error box (never a stack trace), and nothing made of them."""
    from flashgen.app.workspace import MAX_UPLOAD_BYTES

    page = browser_page
    big = tmp_path / "big.csv"
    big.write_bytes(b"heading\n" + b"x" * (MAX_UPLOAD_BYTES + 10))
    page.goto(app_server + "/")
    page.wait_for_selector("[data-test=upload-file]", state="attached")
    page.set_input_files("[data-test=upload-file]", str(big))
    page.click("[data-test=upload-submit]")
    page.wait_for_selector("[data-test=error]:not([hidden])", timeout=WAIT_MS)
    said = page.inner_text("[data-test=error-text]")
    assert "too large" in said and "Traceback" not in said
    assert not any(workspace.iterdir())  # no project made of it

    create_statements_campaign(page, app_server, "logo")
    if page.is_visible("[data-test=error]"):
        page.click("[data-test=error-close]")
    page.click("[data-test=go-look]")
    evil = tmp_path / "logo.svg"
    evil.write_text(EVIL_SVG, encoding="utf-8")
    page.set_input_files("[data-test=logo-file]", str(evil))
    page.wait_for_selector("[data-test=error]:not([hidden])", timeout=WAIT_MS)
    said = page.inner_text("[data-test=error-text]")
    assert "entit" in said and "Traceback" not in said
    assert not page.is_visible("[data-test=logo-image]")
    assert not list(workspace.glob("*/logo*.svg"))
