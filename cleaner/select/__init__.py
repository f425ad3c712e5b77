"""Deciding: block features, the content model, and the story, teasers, title and roles."""
