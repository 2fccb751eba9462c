"""A spreadsheet cell's value as the user sees it in Vietnamese Excel or LibreOffice.

Takes a cell's value (a number, a date, text) and its number format code (Excel's
``#,##0``, ``0%`` …); returns the text the cell shows: 1141 with ``#,##0`` is
"1.141", 0.25 with ``0%`` is "25%", 2.5 with ``General`` is "2,5", a date is
"09/03/2023". Numbers are formatted by Babel with the 'vi' locale (grouping ".",
decimal ","): Excel's common codes are LDML patterns already, once colours,
locale tags, quoted text and spacing marks are taken out. Rounding is Excel's:
half away from zero (Babel alone would round half to even). A code Babel cannot
read falls back to "General", which shows the number itself, never "1141.0".
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from functools import lru_cache

from babel.numbers import NumberFormatError, format_decimal, parse_pattern

LOCALE = "vi"
GENERAL_DIGITS = 11  # Excel's "General" shows at most about 11 significant digits in a cell
_BRACKETS = re.compile(r"\[[^\]]*\]")  # [Red], [$-42A], [>=100]
_QUOTED = re.compile(r'"([^"]*)"')
_LDML_NUMBER = re.compile(r"^[^0#]*[0#][0#,.]*%?[^0#]*$")  # a prefix, digits with grouping/decimals, a suffix


def displayed(value: object, number_format: str = "General") -> str:
    """The text a cell holding ``value`` in ``number_format`` shows ("" for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        return _date(value.date()) if value.time() == datetime.time() else f"{_date(value.date())} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return _date(value)
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    if isinstance(value, (int, float, Decimal)):
        return format_number(_decimal(value), number_format)
    return str(value)


def _date(day: datetime.date) -> str:
    """Dates as Vietnamese write them: day/month/year."""
    return f"{day:%d/%m/%Y}"


def _decimal(value: int | float | Decimal) -> Decimal:
    """The number as the decimal the spreadsheet shows (repr: 0.1 is 0.1, not its binary neighbour)."""
    return value if isinstance(value, Decimal) else Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def format_number(number: Decimal, number_format: str) -> str:
    """``number`` in the Excel format code ``number_format``, in Vietnamese."""
    if not number.is_finite():
        return str(number)
    with localcontext(prec=80):  # enough digits for any number a cell holds (Excel keeps 15)
        return _format(number, number_format)


def _format(number: Decimal, number_format: str) -> str:
    pattern = ldml_pattern(number_format, number < 0)
    if pattern is None:
        return general(number)
    if number < 0 and len(_split_sections(number_format)) > 1:
        number = -number  # the negative section is written for the number without its sign: (1.234)
    try:
        parsed = parse_pattern(pattern)
        scale = Decimal(100) if "%" in pattern else Decimal(1)
        places = parsed.frac_prec[1]
        rounded = (number * scale).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) / scale
        return format_decimal(rounded, format=pattern, locale=LOCALE).strip()  # "_)" spacing is invisible
    except (NumberFormatError, InvalidOperation, ValueError):
        return general(number)


def general(number: Decimal) -> str:
    """Excel's "General" format: the number with its own decimals (up to 11 digits), a decimal comma;
    a number too large or too small for 11 digits in scientific notation, as Excel shows it (1,5E+12)."""
    if number and not Decimal("1E-9") <= abs(number) < Decimal("1E11"):
        mantissa, exponent = f"{number:.5E}".split("E")
        return f"{mantissa.rstrip('0').rstrip('.')}E{exponent[0]}{exponent[1:].zfill(2)}".replace(".", ",")
    if number == number.to_integral_value():
        return str(int(number))
    digits = max(0, GENERAL_DIGITS - max(number.adjusted() + 1, 1))
    rounded = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP).normalize()
    text = f"{rounded:f}"
    return text.replace(".", ",")


@lru_cache(maxsize=256)  # a sheet uses a few formats for thousands of cells
def ldml_pattern(number_format: str, negative: bool = False) -> str | None:
    """The LDML (Babel) pattern of an Excel number format code; None for "General", text or dates."""
    code = (number_format or "").strip()
    if not code or code.lower() == "general" or code == "@":
        return None
    sections = _split_sections(code)
    section = sections[1] if negative and len(sections) > 1 else sections[0]
    section = _BRACKETS.sub("", section)
    section = _QUOTED.sub(lambda match: _literal(match.group(1)), section)
    section = re.sub(r"\\(.)", lambda match: _literal(match.group(1)), section)  # \x: a literal x
    section = re.sub(r"_.", " ", section)  # _x: room as wide as x
    section = re.sub(r"\*.", "", section)  # *x: fill with x
    section = section.replace("?", "#")
    if re.search(r"[yYmMdDhHsSeE/@]", re.sub(r"'[^']*'", "", section)):
        return None  # a date, a fraction, scientific notation or text: not an LDML number
    return section if _LDML_NUMBER.match(re.sub(r"'[^']*'", "", section)) else None


def _literal(text: str) -> str:
    """Text an LDML pattern prints as it is."""
    return "'" + text.replace("'", "''") + "'" if text else ""


def _split_sections(code: str) -> list[str]:
    """The ';'-separated sections of a format code, ignoring ';' inside quotes."""
    sections, current, quoted = [], "", False
    for char in code:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            sections.append(current)
            current = ""
        else:
            current += char
    sections.append(current)
    return sections
