"""The build's cache beside the output folder: what it keeps for the next build, and what it ignores."""

from __future__ import annotations

from flashgen.output.cache import JOB_SECONDS, cache_root, job_seconds, keep_job_seconds


def test_job_seconds_are_kept_with_those_of_jobs_this_build_did_not_run(tmp_path):
    out = tmp_path / "out"
    assert job_seconds(out) == {}  # no build yet
    cache_root(out).mkdir()
    keep_job_seconds(out, {"booklet#0": 0.5, "slides#0": 0.4})
    keep_job_seconds(out, {"booklet#0": 0.3})  # the slides were reused: their time stays known
    assert job_seconds(out) == {"booklet#0": 0.3, "slides#0": 0.4}


def test_an_unreadable_or_strange_job_seconds_file_is_ignored(tmp_path):
    out = tmp_path / "out"
    cache_root(out).mkdir()
    for text in ("{not json", "[1, 2]", '{"a#0": "slow", "b#0": true, "c#0": 1}'):
        (cache_root(out) / JOB_SECONDS).write_text(text, encoding="utf-8")
        assert job_seconds(out) == ({"c#0": 1.0} if text.startswith('{"a') else {})
    (cache_root(out) / JOB_SECONDS).unlink()
    (cache_root(out) / JOB_SECONDS).symlink_to(tmp_path / "elsewhere.json")
    assert job_seconds(out) == {}
