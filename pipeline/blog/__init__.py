"""The blog: posts (from notes and notebooks) rendered as MkDocs Material blog pages, the home
page, the tags page, the authors file and the Atom feed. Pure: records in, `OutputFile`s out."""
