"""The units the library knows, as data: pint definitions and Vietnamese unit phrases.

:mod:`.units` builds its pint registry from :data:`DEFINITIONS` and reads unit strings through
:data:`PHRASES` (a normalised Vietnamese phrase → its pint expression and English display form).
The dimensions cache is keyed by a digest of these tables, so a change here invalidates it. Add a
unit here, with its English form; never in code.
"""

from __future__ import annotations

__all__ = [
    "COUNTED",
    "CURRENCY",
    "DEFINITIONS",
    "MULTIPLIERS",
    "PEOPLE",
    "PHRASES",
    "RATINGS",
    "RATIO",
    "SPACE",
    "TIME",
]

#: the library's own pint definitions: currency, people, households, counted things, stars
DEFINITIONS = """
dong = [currency] = VND = vnd
thousand_dong = 1e3 * dong
million_dong = 1e6 * dong
billion_dong = 1e9 * dong
person = [person]
household = [household]
item = [item]
star = [star_rating]
count_thousand = 1e3
count_million = 1e6
count_billion = 1e9
"""


# Vietnamese unit phrases → pint expressions, with their English display form.
# Keys are normalised (NFC, lower case, single spaces).
CURRENCY = {
    "đồng": ("dong", "VND"),
    "vnđ": ("dong", "VND"),
    "vnd": ("dong", "VND"),
    "nghìn đồng": ("thousand_dong", "thousand VND"),
    "ngàn đồng": ("thousand_dong", "thousand VND"),
    "triệu đồng": ("million_dong", "million VND"),
    "tr.đ": ("million_dong", "million VND"),
    "trđ": ("million_dong", "million VND"),
    "tỷ đồng": ("billion_dong", "billion VND"),
    "tỉ đồng": ("billion_dong", "billion VND"),
}
# Bare multipliers: "52,15 triệu/người/năm" is read as a number per person per year, which a
# currency measure then refuses with a clear error instead of guessing that money was meant.
MULTIPLIERS = {
    "nghìn": ("count_thousand", "thousand"),
    "ngàn": ("count_thousand", "thousand"),
    "triệu": ("count_million", "million"),
    "tỷ": ("count_billion", "billion"),
    "tỉ": ("count_billion", "billion"),
}
PEOPLE = {
    "người": ("person", "person"),
    "nhân khẩu": ("person", "person"),
    "lao động": ("person", "worker"),
    "hộ": ("household", "household"),
    "hộ gia đình": ("household", "household"),
    "hộ dân": ("household", "household"),
}
TIME = {
    "năm": ("year", "year"),
    "tháng": ("month", "month"),
    "ngày": ("day", "day"),
}
SPACE = {
    "m2": ("meter**2", "m²"),
    "m²": ("meter**2", "m²"),
    "km2": ("kilometer**2", "km²"),
    "km²": ("kilometer**2", "km²"),
    "ha": ("hectare", "ha"),
    "m": ("meter", "m"),
    "km": ("kilometer", "km"),
    "m3": ("meter**3", "m³"),
    "m³": ("meter**3", "m³"),
}
RATIO = {
    "%": ("percent", "%"),
    "phần trăm": ("percent", "%"),
    "‰": ("permille", "‰"),
    "lần": ("dimensionless", "times"),
}
# Things that are counted. They share one dimension, [item]: a count of schools and a count of
# software systems are both counts, and a ratio of two counts is dimensionless.
COUNTED = {
    "cơ sở": "establishments",
    "mô hình": "models",
    "phần mềm": "software systems",
    "thành viên": "members",
    "trường": "schools",
    "thôn": "villages",
    "bản": "villages",
    "xóm": "hamlets",
    "ấp": "hamlets",
    "thôn, bản": "villages",
    "khu dân cư": "residential areas",
    "sản phẩm": "products",
    "chỗ ngồi": "seats",
    "chỗ": "places",
    "cái": "units",
    "chiếc": "units",
    "điểm": "points",
    "hệ thống": "systems",
    "lớp": "classes",
    "tài khoản": "accounts",
    "thuê bao": "subscriptions",
    "hồ sơ": "dossiers",
    "văn bản": "documents",
    "thủ tục": "procedures",
    "camera": "cameras",
    "hợp tác xã": "cooperatives",
    "htx": "cooperatives",
    "tổ": "teams",
    "tổ chức": "organisations",
    "công trình": "works",
    "nhà": "houses",
    "máy": "machines",
    "máy tính": "computers",
    "tuyến": "routes",
    "lượt": "times",
    "vụ": "incidents",
    "chợ": "markets",
    "cửa hàng": "shops",
    "doanh nghiệp": "enterprises",
    "làng nghề": "craft villages",
    "đơn vị": "units",
    "item": "items",
    "items": "items",
}

RATINGS = {"sao": ("star", "stars")}

PHRASES: dict[str, tuple[str, str]] = {
    **RATINGS,
    **CURRENCY,
    **MULTIPLIERS,
    **PEOPLE,
    **TIME,
    **SPACE,
    **RATIO,
    **{k: ("item", en) for k, en in COUNTED.items()},
}
