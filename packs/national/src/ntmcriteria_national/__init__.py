"""The national criteria sets of the Prime Minister (318/QĐ-TTg, 319/QĐ-TTg), 2021-2025."""
