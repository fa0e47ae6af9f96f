"""Scaffolding and checking a site repository: `lip init DIR` and `lip doctor`.

`init` writes a new repository from templates shipped inside the package (so an installed `lip`
needs no copy of this repository) and never writes into a folder that holds anything.
`doctor` only reads: it says what publishing needs and how to fix it, and never changes a file.
"""
