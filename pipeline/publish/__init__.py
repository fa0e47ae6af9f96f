"""Publishing: read every source, render every stage, write the docs folder through one writer,
then run the MkDocs build into a temporary folder and swap it into `site/`. A failed build never
leaves a half-written `site/`."""
