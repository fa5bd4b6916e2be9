"""Reports: publication-ready images, comparisons, animations and data tables.

One warm Chromium renders every image of a process (`renderer`); figures come from
`dashboard.figures.print_figure`; files are written only where nothing exists yet
(`files.py`).
"""
