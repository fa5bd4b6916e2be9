"""Bringing existing control data into a pack as a draft for a person to review.

Each kind of input has a reader (`snapshots`, `polygons`, `wikipedia`, `acled`) that
turns files into dated statements "this place, this source value"; the shared steps
translate values through the mapping file (`mapping`), match places (`matching`), date
the changes (`dating`) and write the draft (`draft`). `run.run_import` ties them
together; `review` turns a draft into a record by a person's decisions. Nothing here
prints: the CLI does.
"""
