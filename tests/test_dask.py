"""The Dask engine gives byte-identical outputs and the same manifest as the local process pool.

A LocalCluster of two worker processes stands in for a real cluster (see docs/batch.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'cleaner[dask]'")

from cleaner.batch.folder import MANIFEST, EngineConfig, run_folder  # noqa: E402
from cleaner.batch.stream import run_stream  # noqa: E402
from cleaner.batch.task import Settings
from cleaner.batch.warc import record_tasks  # noqa: E402
from cleaner.errors import UsageError  # noqa: E402
from cleaner.options import Options  # noqa: E402

from .test_batch import SLOW_MAX_BLOCKS, html_page, make_inputs, manifest, outputs, slow_dump  # noqa: E402
from .test_warc import write_warc  # noqa: E402


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50
    ) as cluster:
        yield cluster.scheduler_address


def without_timing(records: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "seconds"} for r in records]


def test_folder_on_dask_matches_the_local_pool(tmp_path: Path, scheduler: str) -> None:
    src = tmp_path / "in"
    make_inputs(src, pages=6)
    settings = Settings(Options(), "json")
    local = run_folder(src, tmp_path / "local", settings, EngineConfig("local", jobs=2))
    dask = run_folder(src, tmp_path / "dask", settings, EngineConfig("dask", scheduler=scheduler))
    assert (dask.ok, dask.empty, dask.failed) == (local.ok, local.empty, local.failed) == (8, 1, 1)
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")
    assert without_timing(manifest(tmp_path / "dask")) == without_timing(manifest(tmp_path / "local"))
    # A rerun on the cluster skips what is done, as the local pool does.
    again = run_folder(src, tmp_path / "dask", settings, EngineConfig("dask", scheduler=scheduler))
    assert again.skipped == 9 and again.failed == 1


def test_warc_on_dask_matches_the_local_pool(tmp_path: Path, scheduler: str) -> None:
    crawl = write_warc(tmp_path / "crawl.warc.gz", compressed=True)
    limit = Options().max_input_bytes
    for name, engine in (("local", EngineConfig("local", jobs=2)), ("dask", EngineConfig("dask", scheduler=scheduler))):
        run_stream(record_tasks(crawl, limit), Settings(Options()), engine, output=tmp_path / f"{name}.jsonl")
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert len((tmp_path / "dask.jsonl").read_bytes().splitlines()) == 3


def test_a_slow_page_on_dask_becomes_a_timeout(tmp_path: Path, scheduler: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "slow.txt").write_text(slow_dump(), encoding="utf-8")  # ten times the limit's work
    for n in range(4):  # tiny pages, a few ms each; some run after the stuck worker's restart
        (src / f"page{n}.html").write_text(html_page(n), encoding="utf-8")
    settings = Settings(Options(timeout_seconds=0.3, max_blocks=SLOW_MAX_BLOCKS))
    summary = run_folder(src, tmp_path / "out", settings, EngineConfig("dask", scheduler=scheduler))
    by_path = {r["path"]: r for r in manifest(tmp_path / "out")}
    assert by_path["slow.txt"]["error"] == "timeout"
    assert [by_path[f"page{n}.html"]["status"] for n in range(4)] == ["ok"] * 4
    assert summary.failed == 1


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    import dask

    src = tmp_path / "in"
    make_inputs(src, pages=1)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        run_folder(src, tmp_path / "out", Settings(), EngineConfig("dask", scheduler="tcp://127.0.0.1:9"))
    assert not (tmp_path / "out" / MANIFEST).exists()
