"""Optional execution of a notebook with nbclient, cached on its code cells and kernel.

Only runs when asked (`execute: true` in the notebook's front matter or in settings). The cache
key is the code of every code cell plus the kernel name, so editing prose never re-runs code and
an unchanged notebook is never run twice. A failure names the notebook and the cell number; a
failed run is never cached. Never writes the notebook file back.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from pipeline.cache import MISSING, Cache, digest
from pipeline.errors import ContentError

RUN_VERSION = "1"


def run_key(notebook: Any, kernel: str) -> str:
    code = [c.get("source", "") for c in notebook.cells if c.get("cell_type") == "code"]
    return digest("notebook-run", RUN_VERSION, kernel, *code)


def executed(notebook: Any, path: Path, kernel: str, timeout: int, cache: Cache, store: bool = True) -> Any:
    """A copy of `notebook` with fresh outputs: from the cache, or by running it (kept if `store`)."""
    key = run_key(notebook, kernel)
    outputs = cache.get(key)
    if outputs is not MISSING:
        cache.hits += 1
    else:
        outputs = _run(copy.deepcopy(notebook), path, kernel, timeout)
        cache.misses += 1
        if store:
            cache.put(key, outputs)
    return with_outputs(notebook, [json.loads(o) for o in outputs])


def with_outputs(notebook: Any, outputs: list[list[dict]]) -> Any:
    """`notebook` with each code cell's outputs replaced, in order."""
    result = copy.deepcopy(notebook)
    code_cells = [c for c in result.cells if c.get("cell_type") == "code"]
    for cell, cell_outputs in zip(code_cells, outputs):
        cell["outputs"] = cell_outputs
    return result


def _run(notebook: Any, path: Path, kernel: str, timeout: int) -> list[str]:
    from nbclient import NotebookClient  # slow imports, only when something runs
    from nbclient.exceptions import (
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
    )

    _check_kernel(kernel, path)
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    index = 0
    try:
        with client.setup_kernel():
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
    except CellTimeoutError:
        raise ContentError(path, f"cell {index + 1}: still running after {timeout} s (timeout)") from None
    except CellExecutionError as exc:
        raise ContentError(path, f"cell {index + 1}: {exc.ename}: {exc.evalue}") from None
    except DeadKernelError as exc:
        raise ContentError(path, f"cell {index + 1}: the kernel died ({exc})") from None
    return [json.dumps(c.get("outputs", [])) for c in notebook.cells if c.get("cell_type") == "code"]


def _check_kernel(kernel: str, path: Path) -> None:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec(kernel)
    except NoSuchKernel:
        installed = ", ".join(sorted(KernelSpecManager().find_kernel_specs())) or "none"
        raise ContentError(path, f"unknown kernel {kernel!r} (installed: {installed})") from None
