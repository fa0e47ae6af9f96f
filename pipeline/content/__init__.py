"""Reading `content/` into records: front matter, slugs, posts and their links.

Pure where it can be: functions take text and return records or `ContentError`s naming the file
and line. Reading never writes anything.
"""
