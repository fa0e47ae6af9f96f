"""Anki decks from flashcards written in notes and notebooks. Card identity is kept in content/cards.lock so re-imports update notes in place; the lock file is never lost or half-written."""
