"""`python -m pipeline` is `lip`."""

from pipeline.cli import main

main()
