"""`lip new cheatsheet`: a new hand-written cheatsheet from a template, as a draft (previewed by
`lip serve`, published once its `draft: true` goes). Never overwrites a file."""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.content.new import create_from_title
from pipeline.project import Project

TEMPLATE = """
A draft: `lip serve` shows it, `lip build` leaves it out until you set `draft: false`.

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
    meta = {"title": title, "description": "", "paper": "A4", "orientation": "landscape", "draft": True}
    return f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n{TEMPLATE}"


def write_new_cheatsheet(project: Project, title: str) -> Path:
    """Create `content/cheatsheets/<slug>.md`; refuses to overwrite an existing file."""
    return create_from_title(project, "cheatsheets", title, new_cheatsheet_text(title))
