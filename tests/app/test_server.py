"""The web app's HTTP contract (flashgen/app/server.py) with Starlette's TestClient on a tmp workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from flashgen.app.server import create_app


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "workspace"
    folder.mkdir()
    return folder


@pytest.fixture
def client(workspace: Path) -> TestClient:
    return TestClient(create_app(workspace))


def test_words_say_the_language(client: TestClient) -> None:
    assert client.get("/api/words").json()["lang"] == "en"


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
    ids = [p["id"] for p in TestClient(create_app(workspace)).get("/api/projects").json()]
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
