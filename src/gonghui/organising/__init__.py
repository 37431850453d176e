"""建会入会 (DOMAIN W1, O3, O4, §6 R1-R2): employers without a union as organising targets, visits, stalls and the
opinions collected there, setting a union up with the approval of the node above, and the legal-person registry
of base unions with its reminders."""
