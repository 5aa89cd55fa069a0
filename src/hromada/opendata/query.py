"""The part of Solr's query language that CKAN clients send in `q` and `fq`, as a Django Q.

Understood: `field:value`, `field:"quoted phrase"`, `AND`/`&&`, `OR`/`||`, `NOT`/`!`, a
leading `+` or `-`, brackets, `field:(a OR b)`, ranges `[X TO Y]` / `{X TO Y}` (with `*`) on
dates (ISO 8601 or `NOW±N UNIT`) and on the numbers `num_resources` and `num_tags`, `*:*`,
`field:*`, and the wildcards `*` and `?` inside values of the text fields (name,
organization, groups, tags, res_format, license_id, title, text).

Terms side by side must all match, and `OR` binds them tighter: ckanext-harvest's gather
stage joins its filters with spaces (`organization:a OR organization:b
metadata_modified:[T TO *]`) and means "of a or b, changed since T".

A malformed query (unbalanced brackets, a field we do not index, an invalid date) is a
`SearchQueryError` (CKAN's "Search Query Error", 400). A valid Solr construct we do not
implement (fuzzy or proximity `~`, boosts `^`, local parameters `{!…}`, regular expressions
`/…/`, `_query_`/`_val_`, a range or wildcard on a field that has none) is an
`UnsupportedQuery` naming it (CKAN's "Search Error", 409). Neither is ever a silent empty
result.

`q` without a field term is read as CKAN reads it (Solr's dismax): words, quoted phrases
and `+`/`-` words; other punctuation is ignored, never an error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import (
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)
from django.utils import timezone

from hromada.opendata.models import Dataset, Resource


class SearchQueryError(Exception):
    """CKAN's "Search Query Error" (HTTP 400): the query is malformed."""


class UnsupportedQuery(Exception):
    """A Solr construct this catalogue does not implement: CKAN's "Search Error" (HTTP 409)."""


MATCH_ALL = Q(pk__isnull=False)  # negatable, unlike an empty Q
MATCH_NONE = Q(pk__in=[])
NOW = re.compile(r"^NOW(?:(?P<sign>[+-])(?P<amount>\d+)(?P<unit>DAYS?|HOURS?|MINUTES?))?$")
DATE_FIELDS = {"metadata_modified": "metadata_modified", "metadata_created": "metadata_created"}
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def parse_time(text: str, *, field_name: str) -> dt.datetime | None:
    """A Solr date: ISO 8601 (naive means UTC), `*` for open, or NOW[±N UNIT]."""
    if text == "*":
        return None
    now = NOW.match(text)
    cleaned = text.strip('"')
    if cleaned.endswith("Z"):
        cleaned = cleaned[:-1]
    # A date out of the calendar's range (NOW-99999999999DAYS, or year 1 east of UTC, which
    # is year 0 in UTC) is the query's fault, as any other invalid date.
    try:
        if now:
            moment = timezone.now()
            if now.group("amount"):
                unit = now.group("unit").rstrip("S").lower() + "s"
                delta = dt.timedelta(**{unit: int(now.group("amount"))})
                moment = moment - delta if now.group("sign") == "-" else moment + delta
            return moment
        value = dt.datetime.fromisoformat(cleaned)
        if timezone.is_naive(value):
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise SearchQueryError(f"Invalid date in {field_name}: {text}") from None


def _is_uuid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F-]{32,36}", value))


def text_condition(words: str) -> Q:
    condition = MATCH_ALL
    for word in words.split():
        condition &= Q(search_text__contains=word.lower())
    return condition


def _groups(lookup: str, value: str) -> Q:
    through = Dataset.groups.through.objects.filter(
        dataset=OuterRef("pk"), **{f"topicgroup__name__{lookup}": value}
    )
    return Q(Exists(through))


def _tags(lookup: str, value: str) -> Q:
    through = Dataset.tags.through.objects.filter(
        dataset=OuterRef("pk"), **{f"tag__name__{lookup}": value}
    )
    return Q(Exists(through))


def _constant(expected: str) -> Callable[[str], Q]:
    return lambda v: MATCH_ALL if v == expected else MATCH_NONE


# field: the condition "equals value" (a plain value, not query syntax)
EXACT: dict[str, Callable[[str], Q]] = {
    "organization": lambda v: Q(publisher__name=v),
    "owner_org": lambda v: Q(publisher__id=v) if _is_uuid(v) else Q(publisher__name=v),
    "groups": lambda v: _groups("exact", v),
    "tags": lambda v: _tags("iexact", v),
    # Each dataset's list of its resources' formats (kept with every resource write), so
    # the dataset's own row answers, not its resources.
    "res_format": lambda v: Q(formats__icontains=json.dumps(v, ensure_ascii=False)),
    "license_id": lambda v: Q(licence__iexact=v),
    "name": lambda v: Q(name=v),
    "id": lambda v: Q(id=v) if _is_uuid(v) else MATCH_NONE,
    "title": lambda v: text_condition(v),
    "text": lambda v: text_condition(v),
    "dataset_type": _constant("dataset"),
    "type": _constant("dataset"),
    "state": _constant("active"),
    "capacity": _constant("public"),
    "private": _constant("false"),
    "update_frequency": lambda v: Q(update_frequency=v),
}

# field: the condition "matches this regular expression" (from a value with wildcards)
WILDCARD: dict[str, Callable[[str], Q]] = {
    "organization": lambda r: Q(publisher__name__regex=r),
    "groups": lambda r: _groups("regex", r),
    "tags": lambda r: _tags("iregex", r),
    "res_format": lambda r: Q(formats__iregex='"' + r.strip("^$") + '"'),
    "license_id": lambda r: Q(licence__iregex=r),
    "name": lambda r: Q(name__regex=r),
    "title": lambda r: Q(search_text__regex=r.strip("^$").lower()),
    "text": lambda r: Q(search_text__regex=r.strip("^$").lower()),
}


def _count_of(model: type, **filters: object) -> Coalesce:
    counted = (
        model._default_manager.filter(**filters)  # type: ignore[attr-defined]
        .order_by()
        .values("dataset")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _num_resources() -> Coalesce:
    return _count_of(Resource, dataset=OuterRef("pk"), archived=False)


def _num_tags() -> Coalesce:
    return _count_of(Dataset.tags.through, dataset=OuterRef("pk"))


NUMBERS: dict[str, Callable[[], Coalesce]] = {
    "num_resources": _num_resources,
    "num_tags": _num_tags,
}
FIELDS = set(EXACT) | set(DATE_FIELDS) | set(NUMBERS)


def field_filter(field_name: str, value: str) -> Q:
    """The condition `field_name` equals `value` (a plain value, not query syntax)."""
    if field_name not in EXACT:
        raise SearchQueryError(f"Unknown field in the query: {field_name}")
    return EXACT[field_name](value)


# --- Tokens -------------------------------------------------------------------------------


@dataclass
class Token:
    kind: str  # "(", ")", "AND", "OR", "NOT", "+", "-", "TERM", "GROUP", "ALL"
    field: str | None = None
    value: str = ""
    quoted: bool = False
    ranged: bool = False


SPECIAL = set('()"')


def _unsupported(text: str, construct: str) -> UnsupportedQuery:
    return UnsupportedQuery(f"{construct} is not supported: {text[:60]}")


class Lexer:
    def __init__(self, text: str, *, lenient: bool) -> None:
        self.text = text
        self.position = 0
        self.lenient = lenient  # q: stray punctuation is text, not an error

    def tokens(self) -> list[Token]:
        found: list[Token] = []
        text = self.text
        while True:
            while self.position < len(text) and text[self.position].isspace():
                self.position += 1
            if self.position >= len(text):
                return found
            start = self.position
            char = text[start]
            if char in "()":
                found.append(Token(char))
                self.position += 1
            elif text.startswith("&&", start):
                found.append(Token("AND"))
                self.position += 2
            elif text.startswith("||", start):
                found.append(Token("OR"))
                self.position += 2
            elif char == "!" and text[start + 1 : start + 2] not in ("", " "):
                found.append(Token("NOT"))
                self.position += 1
            elif char in "+-" and text[start + 1 : start + 2] not in ("", " "):
                found.append(Token(char))
                self.position += 1
            elif text.startswith("{!", start):
                raise _unsupported(text[start:], "Local parameters ({!…})")
            elif char == "/" and not self.lenient:
                raise _unsupported(text[start:], "A regular expression (/…/)")
            elif char == '"':
                found.append(Token("TERM", value=self._phrase(), quoted=True))
            elif char in "[{":
                if self.lenient:
                    self._bare()  # stray brackets in free text
                    continue
                raise _unsupported(text[start:], "A range without a field")
            else:
                found.append(self._term())

    def _phrase(self) -> str:
        text = self.text
        position = self.position + 1
        chars: list[str] = []
        while position < len(text) and text[position] != '"':
            if text[position] == "\\" and position + 1 < len(text):
                position += 1
            chars.append(text[position])
            position += 1
        if position >= len(text):
            if not self.lenient:
                raise SearchQueryError(
                    f"Unclosed quotation mark near “{text[self.position :][:40]}”"
                )
            self.position = position
        else:
            self.position = position + 1
        self._check_suffix()
        return "".join(chars)

    def _check_suffix(self) -> None:
        """Proximity, fuzzy search and boosts: `"a b"~2`, `word~`, `word^3`."""
        char = self.text[self.position : self.position + 1]
        if char == "~":
            raise _unsupported(self.text[self.position - 1 :], "Fuzzy or proximity search (~)")
        if char == "^":
            raise _unsupported(self.text[self.position - 1 :], "A boost (^)")

    def _bare(self) -> str:
        """A word up to whitespace or a bracket; `\\x` escapes x."""
        text = self.text
        chars: list[str] = []
        while self.position < len(text):
            char = text[self.position]
            if char.isspace() or char in SPECIAL:
                break
            if char in "~^" and not self.lenient:
                self._check_suffix()
            if char == "\\" and self.position + 1 < len(text):
                self.position += 1
                chars.append("\\" + text[self.position])
            else:
                chars.append(char)
            self.position += 1
        return "".join(chars)

    def _term(self) -> Token:
        text = self.text
        start = self.position
        field = FIELD_NAME.match(text, start)
        if field and text[field.end() : field.end() + 1] == ":":
            name = field.group()
            self.position = field.end() + 1
            rest = text[self.position : self.position + 1]
            if name in {"_query_", "_val_"}:
                raise _unsupported(text[start:], f"The function query {name}")
            if name == "*":  # pragma: no cover - FIELD_NAME never matches *
                pass
            if rest == "(":
                return Token("GROUP", field=name)
            if rest == '"':
                return Token("TERM", field=name, value=self._phrase(), quoted=True)
            if rest in ("[", "{"):
                return Token("TERM", field=name, value=self._range(), ranged=True)
            if rest == "/" and not self.lenient:
                raise _unsupported(text[start:], "A regular expression (/…/)")
            value = self._bare()
            if not value:
                if self.lenient:  # "Бюджет: міста" is words, not a field
                    return Token("TERM", value=name)
                raise SearchQueryError(f"Missing value after “{name}:”")
            return Token("TERM", field=name, value=value)
        if text.startswith("*:*", start):
            self.position = start + 3
            return Token("ALL")
        word = self._bare()
        if word in {"AND", "OR", "NOT"}:
            return Token(word)
        if not word:  # a lone special character in free text
            self.position += 1
        return Token("TERM", value=word)

    def _range(self) -> str:
        text = self.text
        start = self.position
        close = re.compile(r"[\]}]").search(text, start)
        if close is None:
            raise SearchQueryError(f"Unclosed range near “{text[start:][:40]}”")
        self.position = close.end()
        self._check_suffix()
        return text[start : close.end()]


# --- Parser -------------------------------------------------------------------------------

RANGE = re.compile(r"^[\[{]\s*(?P<low>\S+)\s+TO\s+(?P<high>\S+)\s*[\]}]$")


class Parser:
    """and := or (("AND" | nothing) or)*; or := unary ("OR" unary)*;
    unary := ("NOT" | "+" | "-") unary | "(" and ")" | term | field:( and )."""

    def __init__(self, tokens: list[Token], *, lenient: bool, source: str) -> None:
        self.tokens = tokens
        self.index = 0
        self.lenient = lenient
        self.source = source
        self.free: list[str] = []

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def error(self, message: str) -> SearchQueryError:
        return SearchQueryError(f"{message} in “{self.source[:80]}”")

    def parse(self) -> Q:
        if not self.tokens:
            return MATCH_ALL
        condition = self.conjunction(None, depth=0)
        if self.peek() is not None:  # a ")" with no "(" before it
            if not self.lenient:
                raise self.error("Unbalanced bracket")
            self.take()
            condition &= self.parse()
        return condition

    def conjunction(self, field: str | None, *, depth: int) -> Q:
        parts = [self.disjunction(field, depth=depth)]
        while True:
            token = self.peek()
            if token is None or token.kind == ")":
                break
            if token.kind == "AND":
                self.take()
                if self.peek() is None or self.peek().kind in {")", "AND", "OR"}:  # type: ignore[union-attr]
                    if self.lenient:
                        continue
                    raise self.error("Nothing after AND")
            parts.append(self.disjunction(field, depth=depth))
        condition = parts[0]
        for part in parts[1:]:
            condition &= part
        return condition

    def disjunction(self, field: str | None, *, depth: int) -> Q:
        condition = self.unary(field, depth=depth)
        while self.peek() is not None and self.peek().kind == "OR":  # type: ignore[union-attr]
            self.take()
            following = self.peek()
            if following is None or following.kind in {")", "AND", "OR"}:
                if self.lenient:
                    break
                raise self.error("Nothing after OR")
            condition |= self.unary(field, depth=depth)
        return condition

    def unary(self, field: str | None, *, depth: int) -> Q:
        token = self.peek()
        if token is None:
            raise self.error("Missing term")
        if token.kind in {"NOT", "-"}:
            self.take()
            if self.peek() is None:
                if self.lenient:
                    return MATCH_ALL
                raise self.error(f"Nothing after {token.kind}")
            return ~self.unary(field, depth=depth)
        if token.kind == "+":
            self.take()
            return self.unary(field, depth=depth)
        if token.kind in {"AND", "OR"}:
            self.take()
            if self.lenient:  # a leading or doubled operator in free text
                return self.unary(field, depth=depth) if self.peek() else MATCH_ALL
            raise self.error(f"{token.kind} without a term before it")
        if token.kind == ")":
            if self.lenient:
                self.take()
                return self.unary(field, depth=depth) if self.peek() else MATCH_ALL
            raise self.error("Unbalanced bracket")
        self.take()
        if token.kind == "ALL":
            return MATCH_ALL
        if token.kind == "(":
            return self.group(field, depth=depth)
        if token.kind == "GROUP":
            if field is not None:
                raise self.error("A field inside a field's brackets")
            self.take()  # its "("
            return self.group(token.field, depth=depth)
        return self.term(token, field)

    def group(self, field: str | None, *, depth: int) -> Q:
        if depth > 20:
            raise self.error("Brackets nested too deep")
        if self.peek() is None or self.peek().kind == ")":  # type: ignore[union-attr]
            if self.peek() is not None:
                self.take()
            if self.lenient:
                return MATCH_ALL
            raise self.error("Empty brackets")
        condition = self.conjunction(field, depth=depth + 1)
        if self.peek() is None:
            if not self.lenient:
                raise self.error("Unbalanced bracket")
        else:
            self.take()  # ")"
        return condition

    def term(self, token: Token, field: str | None) -> Q:
        name = token.field or field
        if name is None:  # free text (q)
            if not self.lenient:
                raise self.error(f"Cannot parse the query near “{token.value[:40]}”")
            if token.quoted:
                return text_condition(token.value) if token.value.strip() else MATCH_ALL
            cleaned = re.sub(r"\\(.)", r"\1", token.value).strip('[]{}():"*?!,.;')
            return text_condition(cleaned) if cleaned else MATCH_ALL
        if token.field is not None and field is not None:
            raise self.error("A field inside a field's brackets")
        return term_condition(name, token.value, quoted=token.quoted, ranged=token.ranged)


def term_condition(name: str, raw: str, *, quoted: bool = False, ranged: bool = False) -> Q:
    """The condition of one `name:value` term (value as written, without the quotes)."""
    if name not in FIELDS:
        raise SearchQueryError(f"Unknown field in the query: {name}")
    if ranged:
        return _range_condition(name, raw)
    if name in DATE_FIELDS:
        if raw == "*":
            return MATCH_ALL
        moment = parse_time(raw, field_name=name)
        return Q(**{DATE_FIELDS[name]: moment}) if moment else MATCH_ALL
    if name in NUMBERS:
        if raw == "*":
            return MATCH_ALL
        return Q(Exact(NUMBERS[name](), _number(name, raw)))
    if quoted:
        return field_filter(name, raw)
    if raw == "*":
        return MATCH_ALL  # every dataset has every field (if empty, Solr would differ)
    if re.search(r"(?<!\\)[*?]", raw):
        if name not in WILDCARD:
            raise UnsupportedQuery(f"Wildcards are not supported on {name}: {raw}")
        return WILDCARD[name](_wildcard_regex(raw))
    return field_filter(name, re.sub(r"\\(.)", r"\1", raw))


def _wildcard_regex(raw: str) -> str:
    pattern = []
    position = 0
    while position < len(raw):
        char = raw[position]
        if char == "\\" and position + 1 < len(raw):
            pattern.append(re.escape(raw[position + 1]))
            position += 2
            continue
        pattern.append('[^"]*' if char == "*" else '[^"]' if char == "?" else re.escape(char))
        position += 1
    return "^" + "".join(pattern) + "$"


def _number(name: str, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SearchQueryError(f"Invalid number in {name}: {text}") from None


def _range_condition(name: str, raw: str) -> Q:
    ranged = RANGE.match(raw)
    if not ranged:
        raise SearchQueryError(f"Invalid range in {name}: {raw}")
    inclusive_low, inclusive_high = raw.startswith("["), raw.endswith("]")
    low_text, high_text = ranged.group("low"), ranged.group("high")
    if name in DATE_FIELDS:
        column = DATE_FIELDS[name]
        low = parse_time(low_text, field_name=name)
        high = parse_time(high_text, field_name=name)
        condition = MATCH_ALL
        if low is not None:
            condition &= Q(**{f"{column}__{'gte' if inclusive_low else 'gt'}": low})
        if high is not None:
            condition &= Q(**{f"{column}__{'lte' if inclusive_high else 'lt'}": high})
        return condition
    if name in NUMBERS:
        condition = MATCH_ALL
        if low_text != "*":
            lookup = GreaterThanOrEqual if inclusive_low else GreaterThan
            condition &= Q(lookup(NUMBERS[name](), _number(name, low_text)))
        if high_text != "*":
            lookup_high = LessThanOrEqual if inclusive_high else LessThan
            condition &= Q(lookup_high(NUMBERS[name](), _number(name, high_text)))
        return condition
    raise UnsupportedQuery(
        f"Ranges are supported on dates and numbers only, not on {name}: {name}:{raw}"
    )


def parse_filter_query(text: str, *, allow_free_text: bool = False) -> Q:
    """A Q for a Solr query (`fq`, or `q` with `allow_free_text`): many-valued fields are
    EXISTS subqueries, so a dataset is never counted twice."""
    text = text.strip()
    if not text or text in {"*:*", "*"}:
        return MATCH_ALL
    lenient = allow_free_text
    tokens = Lexer(text, lenient=lenient).tokens()
    return Parser(tokens, lenient=lenient, source=text).parse()
