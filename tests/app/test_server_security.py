"""The web app's defences (flashgen/app/): the access code, uploads, ids and paths, one build at a time.

Each test runs the real Starlette app with its TestClient on a workspace in a tmp
folder, with a sentinel folder beside it that nothing may read or change.
"""

from __future__ import annotations

import hashlib
import io
import time
import zipfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from flashgen.app import http
from flashgen.app.server import create_app

LOCAL = "http://127.0.0.1:8765"  # the address the app answers at (its Host header)
from flashgen.scaffold import create_project

CODE = "k7m2x9qp"
SENTINEL_TEXT = b"secret beside the workspace\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "workspace"
    create_project(folder / "camp", "statements")
    (tmp_path / "sentinel").mkdir()
    (tmp_path / "sentinel" / "secret.txt").write_bytes(SENTINEL_TEXT)
    (tmp_path / "secret.txt").write_bytes(SENTINEL_TEXT)
    return folder


def _outside(workspace: Path) -> dict[str, str]:
    """Every file beside the workspace, with a hash of its bytes: what must not change."""
    root = workspace.parent
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file() and workspace not in p.parents}


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return TestClient(create_app(workspace), base_url=LOCAL)


# ---- the access code --------------------------------------------------------------------------------

def test_without_the_code_only_the_page_and_its_words_answer(workspace: Path) -> None:
    client = TestClient(create_app(workspace, access_code=CODE), base_url=LOCAL)
    assert client.get("/").status_code == 200
    assert client.get("/api/words").status_code == 200
    for method, path in [("GET", "/api/projects"), ("GET", "/api/examples"), ("GET", "/api/projects/camp"),
                         ("POST", "/api/projects/camp/build"), ("GET", "/projects/camp/out/index.html")]:
        answer = client.request(method, path)
        assert answer.status_code == 401, path
        assert answer.json()["code"] == "app-login"


def test_a_wrong_code_is_refused_and_the_right_one_lets_in(workspace: Path) -> None:
    client = TestClient(create_app(workspace, access_code=CODE), base_url=LOCAL)
    wrong = client.post("/api/login", json={"code": "k7m2x9qq"})
    assert wrong.status_code == 403 and wrong.json()["code"] == "app-code"
    assert client.get("/api/projects").status_code == 401
    client.cookies.set(http.CODE_COOKIE, "k7m2x9qq")
    assert client.get("/api/projects").status_code == 401  # a forged cookie is no better
    client.cookies.clear()
    assert client.post("/api/login", json={"code": CODE}).status_code == 204
    assert [p["id"] for p in client.get("/api/projects").json()] == ["camp"]


def test_the_code_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared = []

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(http.hmac, "compare_digest", spy)
    assert http.code_matches(CODE, CODE) and not http.code_matches("x", CODE) and not http.code_matches(None, CODE)
    assert compared == [(CODE.encode(), CODE.encode()), (b"x", CODE.encode())]


def test_the_server_refuses_a_network_address_without_a_code(tmp_path: Path) -> None:
    from flashgen.app.server import serve
    from flashgen.errors import FlashgenError

    with pytest.raises(FlashgenError) as refused:
        serve(tmp_path, host="0.0.0.0", port=1, access_code=None, open_browser=False)
    assert refused.value.code == "app-code-needed"


def test_a_busy_port_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    from flashgen.app.server import check_port_free
    from flashgen.errors import FlashgenError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(FlashgenError) as refused:
            check_port_free("127.0.0.1", port)
    assert refused.value.code == "app-port-busy" and str(port) in refused.value.message


# ---- ids and paths -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/api/projects/..", "/api/projects/%2e%2e", "/api/projects/%2e%2e%2f%2e%2e", "/api/projects/%2Fetc",
    "/api/projects/.flashgen-upload-x", "/api/projects/sentinel", "/api/projects/..%2fsentinel",
    "/api/projects/%2e%2e/build", "/api/projects/%2e/build",
])
def test_ids_outside_the_workspace_are_refused(client: TestClient, workspace: Path, path: str) -> None:
    before = _outside(workspace)
    answer = client.get(path)
    assert answer.status_code == 404
    assert SENTINEL_TEXT not in answer.content
    assert _outside(workspace) == before


@pytest.mark.parametrize("rest", [
    "../../secret.txt", "%2e%2e/%2e%2e/secret.txt", "..%2f..%2fsecret.txt", "%2fetc%2fpasswd", "/etc/passwd",
    "../flashgen.yaml", ".flashgen.lock", "..", "",
])
def test_built_files_are_read_only_inside_out(client: TestClient, workspace: Path, rest: str) -> None:
    (workspace / "camp" / "out").mkdir()
    (workspace / "camp" / "out" / "ok.txt").write_text("built")
    assert client.get("/projects/camp/out/ok.txt").text == "built"
    answer = client.get(f"/projects/camp/out/{rest}")
    assert answer.status_code == 404
    assert SENTINEL_TEXT not in answer.content and b"root:" not in answer.content


def test_a_link_inside_out_is_not_followed(client: TestClient, workspace: Path) -> None:
    (workspace / "camp" / "out").mkdir()
    (workspace / "camp" / "out" / "leak.txt").symlink_to(workspace.parent / "secret.txt")
    assert client.get("/projects/camp/out/leak.txt").status_code == 404


def test_a_project_that_is_a_link_out_of_the_workspace_is_not_listed(client: TestClient, workspace: Path) -> None:
    create_project(workspace.parent / "sentinel" / "elsewhere", "figures")
    (workspace / "linked").symlink_to(workspace.parent / "sentinel" / "elsewhere")
    assert [p["id"] for p in client.get("/api/projects").json()] == ["camp"]
    assert client.get("/api/projects/linked").status_code == 404


def test_an_output_folder_outside_the_workspace_is_not_served(client: TestClient, workspace: Path) -> None:
    project_file = workspace / "camp" / "flashgen.yaml"
    project_file.write_text(project_file.read_text().replace("out: out ", "out: ../../sentinel "))
    assert client.get("/projects/camp/out/secret.txt").status_code == 403
    assert client.post("/api/projects/camp/build").status_code == 403


# ---- uploads -----------------------------------------------------------------------------------------

def _upload(client: TestClient, path: str, name: str, data: bytes, field_name: str = "x") -> object:
    return client.post(path, files={"file": (name, data, "application/octet-stream")}, data={"name": field_name})


@pytest.mark.parametrize("name, code", [
    ("../evil.yaml", "app-upload-name"), ("/etc/evil.yaml", "app-upload-name"), ("..\\evil.yaml", "app-upload-name"),
    (".hidden.yaml", "app-upload-name"), ("tool.exe", "app-upload-type"), ("content.xls", "app-upload-type"),
])
def test_upload_names_and_types_are_checked(client: TestClient, workspace: Path, name: str, code: str) -> None:
    before = _outside(workspace)
    answer = _upload(client, "/api/projects/upload", name, b"campaign: {title: x}\nitems: [{heading: a}]\n")
    assert answer.status_code == 400
    assert answer.json()["code"] == code and answer.json()["error"]
    assert _outside(workspace) == before
    assert sorted(p.name for p in workspace.iterdir()) == ["camp"]


def test_an_oversized_upload_is_refused(client: TestClient, workspace: Path) -> None:
    answer = _upload(client, "/api/projects/upload", "big.csv", b"a" * 10_000_001)
    assert answer.status_code == 413 and answer.json()["code"] == "app-upload-size"
    assert sorted(p.name for p in workspace.iterdir()) == ["camp"]


def test_a_spreadsheet_zip_bomb_is_refused(client: TestClient, workspace: Path) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 200_000_000)
    answer = _upload(client, "/api/projects/upload", "bomb.xlsx", bomb.getvalue())
    assert answer.status_code == 400
    assert answer.json()["code"] == "sheet-unpacked-size"
    assert answer.json()["error"].startswith("bomb.xlsx")  # named by its own name, not the scratch folder
    assert sorted(p.name for p in workspace.iterdir()) == ["camp"]


def test_an_upload_with_a_mistake_names_the_file_row_and_field(client: TestClient, workspace: Path) -> None:
    csv = "Tên chiến dịch,Việc tháng 5\n\nTiêu đề,Nội dung\nMột,Văn bản\n,Thiếu tiêu đề\n".encode()
    answer = _upload(client, "/api/projects/upload", "viec.csv", csv)
    assert answer.status_code == 400
    message = answer.json()["error"]
    assert message.startswith("viec.csv, sheet 'viec', row 5") and "'heading'" in message, message
    assert sorted(p.name for p in workspace.iterdir()) == ["camp"]


def test_a_good_upload_becomes_a_project(client: TestClient, workspace: Path) -> None:
    csv = "Tên chiến dịch,Việc tháng 5\n\nTiêu đề,Nội dung\nMột,Văn bản một\nHai,Văn bản hai\n".encode()
    answer = _upload(client, "/api/projects/upload", "viec.csv", csv, field_name="Việc tháng 5")
    assert answer.status_code == 201 and answer.json() == {"id": "viec-thang-5"}
    project = workspace / "viec-thang-5"
    assert (project / "content.csv").read_bytes() == csv
    assert "content: content.csv" in (project / "flashgen.yaml").read_text()
    assert not (project / "content.yaml").exists()
    [listed] = [p for p in client.get("/api/projects").json() if p["id"] == "viec-thang-5"]
    assert listed["items"] == 2


ENTITY_SVG = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">&x;</svg>')


@pytest.mark.parametrize("name, data, code", [
    ("logo.svg", ENTITY_SVG, "xml-entities"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" '
                 b'height="10"><image xlink:href="file:///etc/passwd" width="5" height="5"/></svg>', None),
    ("logo.png", b"not a png", None),
    ("logo.gif", b"GIF89a", "app-logo-type"),
    ("logo.png", b"\x89PNG" + b"\0" * 3_000_000, "app-upload-size"),
])
def test_a_bad_logo_is_refused_with_a_message(client: TestClient, workspace: Path, name: str, data: bytes,
                                                code: str | None) -> None:
    theme = (workspace / "camp" / "theme.yaml").read_bytes()
    answer = _upload(client, "/api/projects/camp/logo", name, data)
    assert answer.status_code in (400, 413)
    assert answer.json()["error"]
    if code:
        assert answer.json()["code"] == code
    assert (workspace / "camp" / "theme.yaml").read_bytes() == theme
    assert not list((workspace / "camp").glob("logo.*"))
    assert not list((workspace / "camp").glob(".flashgen-*"))


def test_a_good_logo_is_set_in_the_theme(client: TestClient, workspace: Path) -> None:
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "#c00").save(picture, "PNG")
    answer = _upload(client, "/api/projects/camp/logo", "my logo.png", picture.getvalue())
    assert answer.status_code == 200 and answer.json() == {"logo": "/api/projects/camp/logo"}
    assert "logo: logo.png" in (workspace / "camp" / "theme.yaml").read_text()
    assert client.get("/api/projects/camp/logo").content == picture.getvalue()
    assert client.get("/api/projects/camp").json()["settings"]["logo"] == "/api/projects/camp/logo"


# ---- builds ------------------------------------------------------------------------------------------

def test_two_builds_of_one_project_get_the_locks_message(client: TestClient, workspace: Path) -> None:
    settings = {"products": ["flashcards"], "sizes": ["social"]}
    assert client.put("/api/projects/camp/settings", json=settings).status_code == 200
    before = _outside(workspace)
    assert client.post("/api/projects/camp/build").status_code == 202
    second = client.post("/api/projects/camp/build")
    assert second.status_code == 409
    assert second.json()["code"] == "build-running" and "another flashgen build" in second.json()["error"]
    end = time.monotonic() + 240
    while (state := client.get("/api/projects/camp/build").json())["state"] == "running" and time.monotonic() < end:
        time.sleep(0.2)
    assert state["state"] == "done", state
    assert state["files"] > 0 and state["gallery"] == "/projects/camp/out/index.html"
    assert _outside(workspace) == before
    assert client.get(state["gallery"]).status_code == 200


def test_a_build_from_a_terminal_holds_the_lock_too(client: TestClient, workspace: Path) -> None:
    from flashgen.output.lock import output_lock

    with output_lock(workspace / "camp" / "out"):
        answer = client.post("/api/projects/camp/build")
    assert answer.status_code == 409 and answer.json()["code"] == "build-running"
    assert client.get("/api/projects/camp/build").json()["state"] == "idle"


# ---- other web sites ---------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "192.168.1.5:8765", "127.0.0.1.evil.example"])
def test_on_this_computer_only_its_own_name_is_answered(workspace: Path, host: str) -> None:
    """A site that points its name at 127.0.0.1 (DNS rebinding) cannot read or change anything."""
    client = TestClient(create_app(workspace), base_url=LOCAL)
    answer = client.get("/api/projects", headers={"host": host})
    assert answer.status_code == 403 and answer.json()["code"] == "app-host"
    for local in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"):
        assert client.get("/api/projects", headers={"host": local}).status_code == 200, local


def test_another_sites_page_cannot_change_anything(client: TestClient, workspace: Path) -> None:
    """A page on the internet can send a form to 127.0.0.1 (its browser does); its Origin gives it away."""
    for origin in ("https://evil.example", "null", "http://localhost:9999"):
        answer = client.post("/api/projects", json={"name": "x", "kind": "contrast"}, headers={"origin": origin})
        assert answer.status_code == 403 and answer.json()["code"] == "app-origin"
        sent = client.post("/api/projects/upload", files={"file": ("a.yaml", b"campaign: {title: x}\n")},
                           headers={"origin": origin})
        assert sent.status_code == 403
    assert sorted(p.name for p in workspace.iterdir()) == ["camp"]
    same = client.post("/api/projects", json={"name": "x", "kind": "contrast"}, headers={"origin": LOCAL})
    assert same.status_code == 201


def test_on_the_network_any_name_is_answered_with_the_code(workspace: Path) -> None:
    client = TestClient(create_app(workspace, access_code=CODE), base_url="http://flashgen-may-chung:8765")
    assert client.get("/api/projects").status_code == 401
    assert client.post("/api/login", json={"code": CODE}).status_code == 204
    assert client.get("/api/projects").status_code == 200


def test_a_logo_on_a_bundled_theme_keeps_the_projects_own_theme_file(client: TestClient, workspace: Path) -> None:
    from PIL import Image

    own = (workspace / "camp" / "theme.yaml").read_bytes()
    assert client.put("/api/projects/camp/settings", json={"theme": "do"}).status_code == 200
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "#0a0").save(picture, "PNG")
    answer = client.post("/api/projects/camp/logo", files={"file": ("logo.png", picture.getvalue(), "image/png")})
    assert answer.status_code == 200, answer.text
    assert (workspace / "camp" / "theme.yaml").read_bytes() == own
    assert "base: do" in (workspace / "camp" / "theme-do.yaml").read_text()
    view = client.get("/api/projects/camp").json()
    assert view["settings"]["theme"] == "theme-do.yaml" and view["settings"]["logo"]
    assert {"theme-do.yaml", "theme.yaml", "do"} <= {theme["name"] for theme in view["choices"]["themes"]}


def test_a_mistake_of_flashgens_own_is_answered_in_words(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flashgen.app import workspace as ws

    def broken(*args: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(ws, "examples", broken)
    client = TestClient(create_app(workspace), base_url=LOCAL, raise_server_exceptions=False)
    answer = client.get("/api/examples")
    assert answer.status_code == 500
    assert answer.json()["code"] == "app-internal" and "ZeroDivisionError" in answer.json()["error"]
