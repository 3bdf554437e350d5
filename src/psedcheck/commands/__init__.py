"""What the command line needs besides `check` (in cli.py): the settings files, the rule-set
commands `rules` and `explain`. Each subcommand module holds click commands that cli.py registers."""
