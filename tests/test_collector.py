"""The cycle collector, run less often while a batch command works, and as before afterwards."""

import gc

import pytest

from pipeline.collector import fewer_collections
from pipeline.project import Project
from pipeline.publish import build as publish_build


def test_collections_are_rarer_inside_and_as_before_after_even_on_an_error():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold()[0] == 50_000 and gc.get_threshold()[1:] == before[1:]
        raise RuntimeError("the work failed")
    assert gc.get_threshold() == before


def test_lip_build_runs_with_fewer_collections(blog_project, monkeypatch):
    seen = []

    def render_site(*args, **kwargs):
        seen.append(gc.get_threshold()[0])
        raise RuntimeError("stop here")

    monkeypatch.setattr(publish_build, "render_site", render_site)
    before = gc.get_threshold()
    with pytest.raises(RuntimeError):
        publish_build.build(Project(blog_project))
    assert seen == [50_000] and gc.get_threshold() == before
