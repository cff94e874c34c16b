"""The bottom layer: errors, the one status algebra, bilingual text, units and numbers, observed
values and gaps. It imports nothing else of the library."""
