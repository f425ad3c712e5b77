"""HTML: parsing, trafilatura's main text, the page rendered as a browser shows it, the page's declared facts."""
