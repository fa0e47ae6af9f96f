"""`lip new cheatsheet`: a new hand-written cheatsheet from a template. Never overwrites a file."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.content.slugs import slugify
from pipeline.errors import LipError
from pipeline.project import Project

TEMPLATE = """
## Basics

Term
:   What it means, in one line.

```python
# the snippet you always look up
```

## Reference

| Call | Does |
|------|------|
| `f(x)` | what `f` does |

## Gotchas

- One thing that bit you, and the fix.

Math works too: $e^{i\\pi} + 1 = 0$. Keep it to one page: the build tells you when the PDF
does not fit.
"""


def new_cheatsheet_text(title: str) -> str:
    meta = {"title": title, "description": "", "paper": "A4", "orientation": "landscape"}
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n{TEMPLATE}"


def write_new_cheatsheet(project: Project, title: str) -> Path:
    """Create `content/cheatsheets/<slug>.md`; refuses to overwrite an existing file."""
    slug = slugify(title)
    if not slug:
        raise LipError(f"title {title!r} has no letters or digits to make a file name from")
    path = project.content / "cheatsheets" / f"{slug}.md"
    if path.exists():
        raise LipError(f"{project.relative(path)} already exists; choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(new_cheatsheet_text(title))
    return path
