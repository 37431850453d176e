"""工会治理 (DOMAIN W7, W8, §6 G1-G4): congresses and plenaries, elections, work plans and evaluations."""
