"""The Thanh Hóa criteria sets, 2022-2025 (Decision 35/2022/QĐ-UBND and related)."""
