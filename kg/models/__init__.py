"""Model files shipped with Peyvand (package data): ``mentions.crf``, the default build's mention model.

See ``README.md`` here for how each file was made, its data and its licence.
"""
