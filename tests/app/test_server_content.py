"""The page's content is read as a content file is (load/content.py ``campaign_from_tree``): property tests
of that reader and of the routes that take a tree (content, preview), which answer 200 or a 4xx, never crash."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from flashgen.app.preview import content_tree
from flashgen.app.server import create_app

LOCAL = "http://127.0.0.1:8765"  # the address the app answers at (its Host header)
from flashgen.errors import FlashgenError
from flashgen.load.content import campaign_from_tree, load_campaign
from flashgen.load.limits import Limits
from flashgen.load.resources import EXAMPLES

KEYS = st.sampled_from(["title", "heading", "text", "from", "to", "value", "label", "number", "kind", "campaign",
                        "items", "messages", "source", "year", "image", "note", "unit", "glossary", "x"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**20), st.floats(allow_nan=True),
                    st.text(max_size=30), st.sampled_from(["", "  ", "1.141", "../../etc/passwd", "contrast", "figure"]))


def trees(scalars: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)


TREES = trees(SCALARS)
JSON_TREES = trees(st.one_of(SCALARS.filter(lambda v: not isinstance(v, float)), st.floats(allow_nan=False,
                                                                                          allow_infinity=False)))


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_a_tree_reads_as_the_file_it_came_from(kind: str) -> None:
    path = EXAMPLES[kind]
    from_file = load_campaign(path)
    from_tree, text = campaign_from_tree(content_tree(path, Limits()), path)
    assert text.startswith("campaign:")

    def same(campaign):  # the lines differ (the tree is written again); the words, items and sections do not
        items = tuple(replace(item, line=0) for item in campaign.items)
        return replace(campaign, items=items, line=0, message_lines=(), theme_line=0, unknown_keys=(),
                       removed_characters=(), converted_text=(), not_nfc=())

    assert same(from_tree) == same(from_file)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.one_of(TREES, st.fixed_dictionaries({"campaign": TREES, "items": st.lists(TREES, max_size=3)})))
def test_any_tree_is_a_campaign_or_a_flashgen_error(tree: object) -> None:
    try:
        campaign, text = campaign_from_tree(tree, Path("content.yaml"))
    except FlashgenError as problem:
        assert problem.message.startswith("content.yaml") and problem.code != "error"
        return
    assert campaign.items and campaign.title and isinstance(text, str)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, Path]:
    workspace = tmp_path_factory.mktemp("workspace")
    client = TestClient(create_app(workspace), base_url=LOCAL)
    client.post("/api/projects", json={"name": "camp", "kind": "contrast"})
    return client, workspace / "camp" / "content.yaml"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(items=st.lists(JSON_TREES, max_size=3), campaign=JSON_TREES)
def test_saving_any_tree_answers_in_words_and_keeps_the_file_whole(served, items: list, campaign: object) -> None:
    client, path = served
    before = path.read_bytes()
    answer = client.put("/api/projects/camp/content", json={"campaign": campaign, "items": items})
    assert answer.status_code in (200, 400), answer.text
    if answer.status_code == 400:
        assert answer.json()["error"] and answer.json()["code"]
        assert path.read_bytes() == before
    else:
        load_campaign(path)  # what was written reads back


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(item=JSON_TREES, index=st.one_of(st.integers(-3, 40), st.text(max_size=3), st.none()))
def test_previewing_any_item_answers_in_words(served, item: object, index: object) -> None:
    client, path = served
    before = path.read_bytes()
    answer = client.post("/api/projects/camp/preview", json={"item": item, "index": index})
    assert answer.status_code in (200, 400), answer.text
    assert answer.json().get("image", "data:image/png").startswith("data:image/png")
    assert path.read_bytes() == before
