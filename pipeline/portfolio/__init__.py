"""The portfolio stage: projects, open-source contributions, a one-page résumé, the activity
calendar and share previews. GitHub is reached only by `lip portfolio update`; builds read its
stored answers and never make a request."""
