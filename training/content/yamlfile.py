"""YAML read safely, with the line of every mapping key and list item, for `path:line` messages."""
from __future__ import annotations

import yaml


class LineDict(dict):
    """A mapping that remembers the line (1-based) where each key was written."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}
        self.line = 1

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []
        self.line = 1

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class DuplicateKey(yaml.YAMLError):
    def __init__(self, key, line):
        super().__init__(f"the key '{key}' appears twice")
        self.key, self.line = key, line


class _Loader(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                raise DuplicateKey(key, key_node.start_mark.line + 1)
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.lines[key] = key_node.start_mark.line + 1
        return mapping

    def construct_sequence(self, node, deep=False):
        items = LineList(self.construct_object(child, deep=True) for child in node.value)
        items.lines = [child.start_mark.line + 1 for child in node.value]
        items.line = node.start_mark.line + 1
        return items


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


def load(text: str, first_line: int = 1):
    """Parse YAML; returns (value, None) or (None, (line, message)) for a syntax error."""
    try:
        return yaml.load(text, Loader=_Loader), None  # noqa: S506 - _Loader derives from SafeLoader
    except DuplicateKey as exc:
        return None, (exc.line + first_line - 1, str(exc))
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark  # where the broken construct starts
        line = (mark.line + 1) if mark else 1
        detail = f"{exc.problem} ({exc.context})" if exc.context else exc.problem
        return None, (line + first_line - 1, f"invalid YAML: {detail or exc}")
    except yaml.YAMLError as exc:
        return None, (first_line, f"invalid YAML: {exc}")
