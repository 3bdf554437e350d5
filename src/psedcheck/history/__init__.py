"""Draft to draft: what changed between two reports of a programme (`diff`), and the local record of
every check (`store`, a SQLite file in the user's data folder) that `psedcheck history` lists."""
