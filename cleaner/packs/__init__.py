"""Rule packs: loading and checking them (rules/ is the data), matching them against blocks, learning a site's pack."""
