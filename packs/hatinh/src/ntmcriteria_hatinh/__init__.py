"""The Hà Tĩnh criteria sets, 2022-2025 (commune set from Phụ lục I, seed 003)."""
