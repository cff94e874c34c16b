"""The Thái Nguyên criteria sets, 2021-2025: shapes known from seed 001, contents not found."""
