"""评选表彰: award types, the honours register, rounds from quota to approval, and the model workers."""
