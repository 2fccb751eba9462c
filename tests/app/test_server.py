"""The web app's HTTP contract (flashgen/app/server.py) with Starlette's TestClient on a tmp workspace."""

from __future__ import annotations

import base64
import io
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from starlette.testclient import TestClient

from flashgen.app.server import create_app

LOCAL = "http://127.0.0.1:8765"  # the address the app answers at (its Host header)


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return TestClient(create_app(workspace), base_url=LOCAL)


def test_words_say_the_language(client: TestClient) -> None:
    assert client.get("/api/words").json()["lang"] == "en"


def test_the_page_and_its_scripts_are_asked_again_after_an_upgrade(client: TestClient) -> None:
    for path in ("/", "/static/app.js"):
        answer = client.get(path)
        assert answer.status_code == 200 and answer.headers["cache-control"] == "no-cache", path
    again = client.get("/static/app.js", headers={"If-None-Match": client.get("/static/app.js").headers["etag"]})
    assert again.status_code == 304  # unchanged: the browser keeps its copy


def test_examples_are_the_three_kinds(client: TestClient) -> None:
    kinds = [example["kind"] for example in client.get("/api/examples").json()]
    assert kinds == ["contrast", "statements", "figures"]


def test_a_project_made_from_an_example_is_listed(client: TestClient, workspace: Path) -> None:
    assert client.get("/api/projects").json() == []
    answer = client.post("/api/projects", json={"name": "Chiến dịch Đồng Nai 2024", "kind": "statements"})
    assert answer.status_code == 201
    assert answer.json() == {"id": "chien-dich-dong-nai-2024"}
    assert (workspace / "chien-dich-dong-nai-2024" / "flashgen.yaml").is_file()
    [listed] = client.get("/api/projects").json()
    assert listed["id"] == "chien-dich-dong-nai-2024"
    assert listed["items"] == 9
    assert listed["title"].startswith("Nội dung tuyên truyền")


def test_the_workspace_itself_is_a_project(workspace: Path) -> None:
    from flashgen.scaffold import create_project

    create_project(workspace / "inner", "figures")
    for name in ("flashgen.yaml", "content.yaml", "theme.yaml"):
        (workspace / name).write_bytes((workspace / "inner" / name).read_bytes())
    ids = [p["id"] for p in TestClient(create_app(workspace), base_url=LOCAL).get("/api/projects").json()]
    assert ids == [".", "inner"]


def test_a_second_project_of_the_same_name_is_refused(client: TestClient) -> None:
    client.post("/api/projects", json={"name": "x", "kind": "contrast"})
    answer = client.post("/api/projects", json={"name": "X", "kind": "figures"})
    assert answer.status_code == 409
    assert answer.json()["code"] == "app-exists"


@pytest.mark.parametrize("body, code", [
    ({"name": "ok", "kind": "poems"}, "app-kind"),
    ({"name": "!!!", "kind": "contrast"}, "app-name"),
    ({"name": 3, "kind": "contrast"}, "app-name"),
])
def test_a_bad_new_project_is_refused_in_words(client: TestClient, body: dict, code: str) -> None:
    answer = client.post("/api/projects", json=body)
    assert answer.status_code == 400
    assert answer.json()["code"] == code
    assert answer.json()["error"]


def test_a_request_without_json_is_refused(client: TestClient) -> None:
    answer = client.post("/api/projects", content=b"not json")
    assert answer.status_code == 400 and answer.json()["code"] == "app-request"


def test_the_page_is_served(client: TestClient) -> None:
    assert client.get("/").status_code == 200


# ---- one project: view, preview, content, settings ----------------------------------------------------

@pytest.fixture
def project(client: TestClient, workspace: Path) -> str:
    return client.post("/api/projects", json={"name": "camp", "kind": "statements"}).json()["id"]


def test_the_project_view_holds_content_settings_and_choices(client: TestClient, project: str) -> None:
    view = client.get(f"/api/projects/{project}").json()
    assert view["campaign"]["title"].startswith("Nội dung tuyên truyền")
    assert view["campaign"]["source"]["kind"]  # the source section travels with the campaign's fields
    assert len(view["items"]) == 9 and {item["kind"] for item in view["items"]} == {"statement"}
    assert len(view["messages"]) == 9
    assert view["kind_fields"]["contrast"][:2] == ["heading", "text"] or "from" in view["kind_fields"]["contrast"]
    assert view["settings"]["theme"] == "theme.yaml" and view["settings"]["logo"] is None
    assert "flashcards" in view["settings"]["products"] and "video" not in view["settings"]["products"]
    themes = {theme["name"]: theme for theme in view["choices"]["themes"]}
    assert set(themes) == {"theme.yaml", "xanh", "do"}
    assert themes["do"]["colours"]["primary"] == "#9E1B1B"
    assert {p["name"] for p in view["choices"]["platforms"]} >= {"facebook-portrait", "zalo"}


def _picture(answer: dict) -> Image.Image:
    header, data = answer["image"].split(",", 1)
    assert header == "data:image/png;base64"
    return Image.open(io.BytesIO(base64.b64decode(data)))


def test_the_preview_draws_the_edited_card_and_its_findings(client: TestClient, project: str, workspace: Path) -> None:
    before = (workspace / project / "content.yaml").read_bytes()
    view = client.get(f"/api/projects/{project}").json()
    item = dict(view["items"][1], heading="Chuyển đổi số")
    first = client.post(f"/api/projects/{project}/preview", json={"item": item, "index": 1})
    assert first.status_code == 200, first.text
    assert first.json()["findings"] == []
    picture = _picture(first.json())
    assert picture.size == (first.json()["width"], first.json()["height"]) and picture.width == 600
    longer = dict(item, heading="Chuyển đổi số toàn diện " * 12)
    second = client.post(f"/api/projects/{project}/preview", json={"item": longer, "index": 1}).json()
    assert "overflow" in [f["code"] for f in second["findings"]]
    overflow = next(f for f in second["findings"] if f["code"] == "overflow")
    assert overflow["severity"] == "error" and "'heading'" in overflow["message"]
    assert str(workspace) not in overflow["message"]  # file names as the page shows them: inside the project
    assert _picture(second).tobytes() != picture.tobytes()
    assert (workspace / project / "content.yaml").read_bytes() == before  # nothing written


def test_an_item_that_cannot_be_read_is_a_400_naming_item_and_field(client: TestClient, project: str) -> None:
    answer = client.post(f"/api/projects/{project}/preview", json={"item": {"heading": "  "}, "index": 3})
    assert answer.status_code == 400
    assert answer.json()["code"] == "content-empty"
    assert "item 4" in answer.json()["error"] and "'heading'" in answer.json()["error"]
    bad = client.post(f"/api/projects/{project}/preview", json={"item": "text", "index": -1})
    assert bad.status_code == 400 and bad.json()["code"] == "app-request"


def test_saving_content_validates_then_writes_it(client: TestClient, project: str, workspace: Path) -> None:
    from flashgen.load.content import load_campaign

    path = workspace / project / "content.yaml"
    view = client.get(f"/api/projects/{project}").json()
    items = view["items"][:2] + [{"heading": "Mục mới do người dùng gõ"}]
    body = {"campaign": dict(view["campaign"], title="Chiến dịch mới"), "items": items, "messages": []}
    answer = client.put(f"/api/projects/{project}/content", json=body)
    assert answer.status_code == 200 and answer.json()["saved"] is True
    campaign = load_campaign(path)
    assert campaign.title == "Chiến dịch mới" and campaign.source.kind  # the source section kept in its place
    assert [item.heading for item in campaign.items][-1] == "Mục mới do người dùng gõ"
    assert campaign.messages == ()
    assert path.read_text(encoding="utf-8").startswith("# Nội dung tuyên truyền")  # its header comment kept
    saved = path.read_bytes()
    wrong = client.put(f"/api/projects/{project}/content", json={"items": [*items, {"heading": "x", "value": 5}]})
    assert wrong.status_code == 400
    assert "item 4" in wrong.json()["error"] and wrong.json()["code"].startswith("content-")
    assert path.read_bytes() == saved
    assert not [p.name for p in path.parent.iterdir() if p.name.startswith(".")]


def test_a_spreadsheet_project_is_switched_to_yaml_and_the_sheet_kept(client: TestClient, workspace: Path) -> None:
    sheet = "Tên chiến dịch,Việc tháng 5\n\nTiêu đề,Nội dung\nMột,Văn bản một\n".encode()
    project = client.post("/api/projects/upload", files={"file": ("viec.csv", sheet, "text/csv")},
                          data={"name": "viec"}).json()["id"]
    view = client.get(f"/api/projects/{project}").json()
    assert view["content_file"] == "content.csv" and view["items"][0]["heading"] == "Một"
    body = {"campaign": view["campaign"], "items": [*view["items"], {"heading": "Hai"}], "messages": view["messages"]}
    answer = client.put(f"/api/projects/{project}/content", json=body).json()
    assert "content.yaml" in answer["note"]
    assert (workspace / project / "content.csv").read_bytes() == sheet
    assert "content: content.yaml" in (workspace / project / "flashgen.yaml").read_text()
    assert [i["heading"] for i in client.get(f"/api/projects/{project}").json()["items"]] == ["Một", "Hai"]


def test_settings_are_written_with_the_comments_kept(client: TestClient, project: str, workspace: Path) -> None:
    path = workspace / project / "flashgen.yaml"
    comments = [line for line in path.read_text().splitlines() if line.lstrip().startswith("#")]
    body = {"theme": "do", "products": ["flashcards", "social"], "sizes": ["a6"], "platforms": ["zalo", "led"]}
    answer = client.put(f"/api/projects/{project}/settings", json=body)
    assert answer.status_code == 200
    assert answer.json()["settings"] == {**body, "logo": None}
    text = path.read_text()
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == comments
    assert "theme: do" in text and "  platforms: [zalo, led]" in text
    assert client.get(f"/api/projects/{project}").json()["settings"]["theme"] == "do"


@pytest.mark.parametrize("body", [
    {"theme": "purple"}, {"products": ["flashcards", "sculpture"]}, {"sizes": []}, {"platforms": "zalo"},
])
def test_unknown_settings_are_refused_and_nothing_written(client: TestClient, project: str, workspace: Path,
                                                          body: dict) -> None:
    before = (workspace / project / "flashgen.yaml").read_bytes()
    answer = client.put(f"/api/projects/{project}/settings", json=body)
    assert answer.status_code == 400 and answer.json()["code"] == "app-setting"
    assert (workspace / project / "flashgen.yaml").read_bytes() == before


def test_a_bundled_themes_swatch(client: TestClient) -> None:
    answer = client.get("/api/themes/do/swatch.png")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(answer.content)).getpixel((2, 2))[:3] == (0x9E, 0x1B, 0x1B)
    assert client.get("/api/themes/..%2fxanh/swatch.png").status_code == 404


# ---- a build and what it made ------------------------------------------------------------------------

def test_a_build_then_its_files_zips_and_captions(client: TestClient, project: str, workspace: Path) -> None:
    settings = {"products": ["flashcards", "social", "leaflet"], "sizes": ["social"], "platforms": ["zalo"]}
    assert client.put(f"/api/projects/{project}/settings", json=settings).status_code == 200
    assert client.get(f"/api/projects/{project}/build").json()["state"] == "idle"
    assert client.get(f"/api/projects/{project}/captions").status_code == 404
    assert client.post(f"/api/projects/{project}/build").status_code == 202
    client.close()  # the browser that started it is closed: the build goes on, and another page sees it
    client = TestClient(client.app, base_url=LOCAL)
    end = time.monotonic() + 300
    while (state := client.get(f"/api/projects/{project}/build").json())["state"] == "running" and time.monotonic() < end:
        assert state["done"] <= state["total"] or state["total"] == 0
        time.sleep(0.2)
    assert state["state"] == "done", state
    assert state["error"] is None and state["done"] == state["total"] > 0
    gallery = client.get(state["gallery"])
    assert gallery.status_code == 200 and b"<html" in gallery.content.lower()
    captions = client.get(f"/api/projects/{project}/captions").json()
    assert captions and all(c["platform"] == "zalo" and c["caption"] and c["alt"] for c in captions)
    one = client.get(f"/projects/{project}/out/{captions[0]['file']}")
    assert one.status_code == 200 and one.content[:4] == b"\x89PNG"
    platform = client.get(f"/api/projects/{project}/download", params={"what": "platform:zalo"})
    assert platform.status_code == 200 and "zalo.zip" in platform.headers["content-disposition"]
    assert any(name.endswith("captions.txt") for name in zipfile.ZipFile(io.BytesIO(platform.content)).namelist())
    everything = client.get(f"/api/projects/{project}/download", params={"what": "all"})
    names = zipfile.ZipFile(io.BytesIO(everything.content)).namelist()
    assert "social/zalo.zip" in names and any(n.startswith("leaflet") or "leaflet" in n for n in names)
    pdf = next(n for n in names if n.endswith(".pdf"))
    single = client.get(f"/api/projects/{project}/download", params={"what": f"file:{pdf}"})
    assert single.content[:5] == b"%PDF-" and "attachment" in single.headers["content-disposition"]
    assert client.get(f"/api/projects/{project}/download", params={"what": "file:../flashgen.yaml"}).status_code == 404
    assert not list((workspace / project).glob(".flashgen-download-*"))  # the zip of everything, removed once sent


def test_projects_with_fonts_of_their_own_preview_beside_the_others(client: TestClient, workspace: Path) -> None:
    """A process draws with one set of font folders: a project with its own fonts gets a process of its own."""
    from tests.conftest import DATA

    plain = client.post("/api/projects", json={"name": "plain", "kind": "figures"}).json()["id"]
    fonted = client.post("/api/projects", json={"name": "fonted", "kind": "figures"}).json()["id"]
    font = DATA / "fonts-test" / "NotoSansKhmer-Regular.ttf"  # a font the bundled folders do not have
    (workspace / fonted / "fonts" / font.name).write_bytes(font.read_bytes())
    for project in (plain, fonted, plain):
        item = client.get(f"/api/projects/{project}").json()["items"][0]
        answer = client.post(f"/api/projects/{project}/preview", json={"item": item, "index": 0})
        assert answer.status_code == 200, answer.text
        assert answer.json()["image"].startswith("data:image/png;base64,")


def test_a_workbooks_pictures_travel_to_the_yaml_content(client: TestClient, workspace: Path, tmp_path: Path) -> None:
    """Pictures stored in a spreadsheet's rows: named for the page, previewed without them (nothing written),
    and written beside content.yaml when the project switches to it."""
    from tests.load.sheet_examples import write_xlsx
    from tests.load.test_spreadsheet_pictures import (
        PLAN,
        red_picture,
        with_embedded_picture,
    )

    picture = red_picture(tmp_path / "red.png")
    sheet = with_embedded_picture(write_xlsx(PLAN, tmp_path / "plan.xlsx"), picture, "A3")  # row 3: item 2
    project = client.post("/api/projects/upload", files={"file": ("plan.xlsx", sheet.read_bytes())},
                          data={"name": "plan"}).json()["id"]
    view = client.get(f"/api/projects/{project}").json()
    named = view["items"][1]["image"]
    assert named.startswith("workbook-picture:") and len(named) < 60
    preview = client.post(f"/api/projects/{project}/preview", json={"item": view["items"][1], "index": 1})
    assert preview.status_code == 200, preview.text
    assert not (workspace / project / "pictures").exists()
    body = {"campaign": view["campaign"], "items": view["items"], "messages": view["messages"]}
    assert client.put(f"/api/projects/{project}/content", json=body).status_code == 200
    [written] = (workspace / project / "pictures").iterdir()
    assert written.read_bytes() == picture.read_bytes()
    from flashgen.load.content import load_campaign

    items = load_campaign(workspace / project / "content.yaml").items
    assert items[1].picture is not None and items[1].picture.data == picture.read_bytes()


def test_the_preview_and_the_save_name_the_same_line(client: TestClient, project: str) -> None:
    """The preview reads only the items up to the edited one: its message is the one saving would give."""
    view = client.get(f"/api/projects/{project}").json()
    items = [dict(item) for item in view["items"]]
    items[3]["heading"] = ""
    previewed = client.post(f"/api/projects/{project}/preview", json={"item": items[3], "index": 3})
    saved = client.put(f"/api/projects/{project}/content", json={"items": items})
    assert previewed.status_code == saved.status_code == 400
    assert previewed.json() == saved.json()
    assert "item 4" in saved.json()["error"] and "line" in saved.json()["error"]


@pytest.mark.parametrize("kind", ["contrast", "statements", "figures"])
def test_a_round_trip_through_the_page_leaves_the_content_as_it_was(client: TestClient, workspace: Path,
                                                                    kind: str) -> None:
    """Every item reaches the page with its kind; saved back unchanged, the file says no more than before."""
    from flashgen.load.content import load_campaign

    project = client.post("/api/projects", json={"name": kind, "kind": kind}).json()["id"]
    path = workspace / project / "content.yaml"
    before = load_campaign(path)
    view = client.get(f"/api/projects/{project}").json()
    assert all(item.get("kind") for item in view["items"])
    body = {"campaign": view["campaign"], "items": view["items"], "messages": view["messages"]}
    assert client.put(f"/api/projects/{project}/content", json=body).status_code == 200
    after = load_campaign(path)
    assert [i.kind for i in after.items] == [i.kind for i in before.items]
    assert [i.heading for i in after.items] == [i.heading for i in before.items] and after.title == before.title
    mentions = path.read_text(encoding="utf-8").count("kind:")
    assert mentions <= len(before.items) // 2 + 3, "the kind is written only where the file needs it"


@pytest.mark.parametrize("size, width_to_height", [("social", 1080 / 1350), ("a7", 80 / 111), ("poker", 69 / 94)])
def test_the_preview_draws_the_size_asked_for(client: TestClient, project: str, size: str,
                                              width_to_height: float) -> None:
    item = client.get(f"/api/projects/{project}").json()["items"][0]
    answer = client.post(f"/api/projects/{project}/preview", json={"item": item, "index": 0, "size": size}).json()
    assert answer["width"] == 600 and abs(answer["width"] / answer["height"] - width_to_height) < 0.02, answer["height"]
    unknown = client.post(f"/api/projects/{project}/preview", json={"item": item, "index": 0, "size": "a0"})
    assert unknown.status_code == 400 and unknown.json()["error"]
