"""Text: a dump's lines as blocks, stopwords, dates in text, the story's language."""
