"""报道与记录: reading 本报讯 reports into records, and drafting reports from records."""
