import pickle

import pytest

from pipeline.errors import ContentError, FeedError, OutputConflictError, ProblemsError


@pytest.mark.parametrize("error", [
    ContentError("posts/a.md", "broken link 'b.md'", 7),
    ContentError("posts/a.md", "not UTF-8"),
    FeedError("https://example.org/feed.xml", "HTTP 500"),
    OutputConflictError("blog/posts/a.md", "a.md", "b.md"),
])
def test_errors_survive_pickling_with_their_message(error):
    """Caches and worker processes carry errors; they must come back the same."""
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)


def test_content_error_names_file_and_line():
    assert str(ContentError("x.md", "bad", 3)) == "x.md:3: bad"
    assert str(ContentError("x.md", "bad")) == "x.md: bad"


def test_problems_error_lists_every_problem():
    error = ProblemsError([ContentError("a.md", "one", 1), ContentError("b.md", "two", 2)])
    assert str(error).splitlines() == ["a.md:1: one", "b.md:2: two"]
