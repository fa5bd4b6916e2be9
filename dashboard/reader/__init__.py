"""The reader: what the browser needs to show a pack's map with no server.

`protocol` makes the step tables (a versioned schema the browser's reader reads),
`cards` the town cards, `texts` the reader's words, `bundle` the files of a site. The
app (`dashboard.web`) serves these files; `dashboard.publish` writes them to a folder.
"""
