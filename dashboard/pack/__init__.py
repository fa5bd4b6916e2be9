"""Conflict packs: one folder holds everything about one conflict.

`config` is the schema of `conflict.toml`; `paths` finds a pack's files and the packs
bundled with the package. Loading a whole pack into a `Project` is `dashboard.project`.
"""
