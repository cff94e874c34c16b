"""The Đồng Tháp criteria sets, 2021-2025.

Model commune: 864/QĐ-UBND-HC; smart village (Làng thông minh): 384/QĐ-UBND-HC.
"""
