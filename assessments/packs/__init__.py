"""Content packs: drivers, a questionnaire version with its recommendations, and programmes, as YAML.

Entry points: `apply.apply_pack()`, `apply.validate_pack()`, `apply.load_pack_text()`,
`apply.read_pack()`, `export.export_pack()`. The format (which keys, in which order, which field
behind each) is `format`, read by both the `loader` and the exporter; `reading` parses YAML with the
line of every node. Content rules are the models': the loader calls `full_clean()`. `welsh` takes a
version's Welsh texts out to a translator as a PO file (`po`) and back, and brings a pack's Welsh to
a version already loaded.
"""
