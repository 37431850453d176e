"""竞赛 (DOMAIN W4, §6 C1-C7): skill contests with judges and prizes, leagues with fixtures and standings,
knockouts, heats and finals, and online photo contests."""
