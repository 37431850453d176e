"""The demo world: the organisations of the Beijing reports, generated employers and places, and demo staff."""
