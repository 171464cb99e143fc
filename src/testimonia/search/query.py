"""The user's query language, parsed into a small tree that each engine compiles.

    Раковский                words (stemmed: finds Раковского)
    "Victor Serge"           a phrase
    Мандель*                 a prefix (two letters at least)
    Serge AND Kravchenko     both (AND is also what a space means)
    Serge OR Kravchenko      either
    NOT Paris, -Paris        without
    (Paris OR Mexico) Serge  parentheses group

Operators are written in capitals; a lowercase "and" is a word. A group must keep something:
"-Paris" alone is refused rather than silently matching every document. Malformed input raises
`BadQuery` with one line that says what is wrong and at which character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from testimonia.errors import BadQuery

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64


@dataclass(frozen=True)
class Word:
    text: str


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Prefix:
    text: str


@dataclass(frozen=True)
class And:
    keep: tuple[Node, ...]
    drop: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Or:
    either: tuple[Node, ...]


Node = Word | Phrase | Prefix | And | Or

_WORD_CHARS = re.compile(r"\w", re.UNICODE)
_PHRASE_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class _Token:
    kind: str  # word, prefix, phrase, lparen, rparen, and, or, not
    text: str
    position: int  # 1-based column, for messages


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "(":
            tokens.append(_Token("lparen", char, i + 1))
            i += 1
        elif char == ")":
            tokens.append(_Token("rparen", char, i + 1))
            i += 1
        elif char == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise BadQuery(f"query: the quote at character {i + 1} is never closed")
            words = tuple(_PHRASE_WORD.findall(text[i + 1:end]))
            if not words:
                raise BadQuery(f"query: the phrase at character {i + 1} has no words in it")
            tokens.append(_Token("phrase", "\x1f".join(words), i + 1))
            i = end + 1
        elif char == "-" and i + 1 < len(text) and not text[i + 1].isspace() and \
                (i == 0 or text[i - 1].isspace() or text[i - 1] == "("):
            tokens.append(_Token("not", "-", i + 1))
            i += 1
        else:
            end = i
            while end < len(text) and not text[end].isspace() and text[end] not in '()"':
                end += 1
            tokens.append(_word_token(text[i:end], i + 1))
            i = end
    return tokens


def _word_token(raw: str, position: int) -> _Token:
    if raw in ("AND", "OR", "NOT"):
        return _Token(raw.lower(), raw, position)
    if raw in ("&&", "||"):
        return _Token("and" if raw == "&&" else "or", raw, position)
    stem, star, rest = raw.partition("*")
    if star:
        if rest:
            raise BadQuery(f"query: {raw!r} at character {position}: '*' may only end a word "
                           "(write a prefix such as Мандель*)")
        letters = "".join(_PHRASE_WORD.findall(stem))
        if len(letters) < 2:
            raise BadQuery(f"query: {raw!r} at character {position}: a prefix needs at least "
                           "two letters before '*'")
        return _Token("prefix", stem, position)
    if not _WORD_CHARS.search(raw):
        raise BadQuery(f"query: {raw!r} at character {position} has no letters or digits to search for")
    return _Token("word", raw, position)


class _Parser:
    def __init__(self, tokens: list[_Token], length: int) -> None:
        self.tokens = tokens
        self.at = 0
        self.length = length

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node:
        node = self.either()
        extra = self.peek()
        if extra is not None:  # only a stray ")" can stop the top level early
            raise BadQuery(f"query: the ')' at character {extra.position} closes nothing")
        return node

    def either(self) -> Node:
        first = self.group()
        options = [first]
        while (token := self.peek()) is not None and token.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in ("rparen", "or", "and"):  # type: ignore[union-attr]
                raise BadQuery(f"query: 'OR' at character {token.position} has nothing after it")
            options.append(self.group())
        return options[0] if len(options) == 1 else Or(tuple(options))

    def group(self) -> Node:
        keep: list[Node] = []
        drop: list[Node] = []
        start = self.peek()
        while (token := self.peek()) is not None and token.kind not in ("or", "rparen"):
            if token.kind == "and":
                self.take()
                nxt = self.peek()
                if not keep and not drop:
                    raise BadQuery(f"query: 'AND' at character {token.position} has nothing before it")
                if nxt is None or nxt.kind in ("or", "rparen", "and"):
                    raise BadQuery(f"query: 'AND' at character {token.position} has nothing after it")
                continue
            negated = False
            while token is not None and token.kind == "not":
                self.take()
                negated = not negated
                token = self.peek()
                if token is None or token.kind in ("or", "rparen", "and"):
                    raise BadQuery(f"query: '{'NOT' if negated else '-'}' before character "
                                   f"{token.position if token else self.length + 1} has nothing to exclude")
            (drop if negated else keep).append(self.atom())
        if start is None or (not keep and not drop):
            where = start.position if start is not None else self.length + 1
            raise BadQuery(f"query: expected a word or phrase at character {where}")
        if not keep:
            raise BadQuery(f"query: the part starting at character {start.position} only excludes; "
                           "add a word to keep (for example: Serge -Paris)")
        if len(keep) == 1 and not drop:
            return keep[0]
        return And(tuple(keep), tuple(drop))

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "word":
            return Word(token.text)
        if token.kind == "prefix":
            return Prefix(token.text)
        if token.kind == "phrase":
            return Phrase(tuple(token.text.split("\x1f")))
        if token.kind == "lparen":
            if self.peek() is not None and self.peek().kind == "rparen":  # type: ignore[union-attr]
                raise BadQuery(f"query: the parentheses at character {token.position} are empty")
            node = self.either()
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise BadQuery(f"query: the '(' at character {token.position} is never closed")
            self.take()
            return node
        raise BadQuery(f"query: the ')' at character {token.position} closes nothing")


def parse_query(text: str) -> Node | None:
    """The tree of a query, or None for an empty one (filters alone). Raises BadQuery."""
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"query: {len(text)} characters is too long (at most {MAX_QUERY_CHARS})")
    if "\x00" in text:
        raise BadQuery("query: contains a NUL character")
    tokens = _tokens(text)
    if not tokens:
        return None
    terms = sum(1 for t in tokens if t.kind in ("word", "prefix", "phrase"))
    if terms > MAX_TERMS:
        raise BadQuery(f"query: {terms} terms is too many (at most {MAX_TERMS})")
    return _Parser(tokens, len(text)).parse()


def positive_words(node: Node | None) -> list[str]:
    """The bare words a query keeps (not inside phrases, prefixes or exclusions): name candidates."""
    if node is None:
        return []
    if isinstance(node, Word):
        return [node.text]
    if isinstance(node, And):
        return [w for child in node.keep for w in positive_words(child)]
    if isinstance(node, Or):
        return [w for child in node.either for w in positive_words(child)]
    return []
