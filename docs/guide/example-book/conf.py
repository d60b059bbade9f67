"""A small book of one's own, bound to the sovietdata records by the package's Sphinx extension."""

project = "Lecture notes on the September 1953 plenum"
extensions = ["myst_parser", "sovietdata.sphinx"]

# The shipped records, and beside them a data file of this book's own.
sovietdata_data = ["my-notes.toml"]

exclude_patterns = ["_build"]
smartquotes = False  # quotations from the data stay as they are
