"""Results rendered for one medium each: the terminal, Markdown, CSV for
spreadsheets, and JSON documents for other tools. The words themselves
(reasons, warnings) come from the core; these modules only lay them out and
keep user text from turning into formulas, markup or control sequences."""
