"""``rulekit._frozen.frozen`` behaves as ``@dataclass(frozen=True)``: the same fields, constructor, errors, repr,
equality, hash and immutability, before and after its methods are compiled on first use."""

from __future__ import annotations

import dataclasses
from dataclasses import field
from functools import cached_property

import pytest
from hypothesis import given, settings, strategies as st

from rulekit._frozen import frozen


def _make(decorate):  # noqa: ANN001, ANN202 - the same class body under either decorator
    class Sample:
        """A class with every kind of field the engine's classes have."""

        name: str
        count: int | None
        tags: tuple[str, ...] = ()
        extra: dict[str, int] = field(default_factory=dict)
        note: str | None = None

        @cached_property
        def shout(self) -> str:
            return self.name.upper()

        def label(self) -> str:
            return f"{self.name}:{self.count}"

    return decorate(Sample)


def _outcome(fn):  # noqa: ANN001, ANN202
    try:
        return ("ok", fn())
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
        return (type(exc).__name__, str(exc))


VALUES = st.one_of(st.text(max_size=3), st.integers(-3, 3), st.none(), st.tuples(st.text(max_size=2)))


@settings(max_examples=100, deadline=None)
@given(args=st.lists(VALUES, max_size=6), kwargs=st.dictionaries(st.sampled_from(["name", "count", "tags", "note",
                                                                                    "extra", "other"]), VALUES,
                                                                   max_size=3),
       other=st.lists(VALUES, min_size=2, max_size=2))
def test_frozen_is_dataclass_frozen(args: list, kwargs: dict, other: list) -> None:
    """Law: for any arguments, both classes (each fresh, so that the first use compiles) give the same outcome."""
    lazy, eager = _make(frozen), _make(dataclasses.dataclass(frozen=True))
    made = [_outcome(lambda cls=cls: cls(*args, **kwargs)) for cls in (lazy, eager)]
    assert [m[0] for m in made] == [m[0] for m in made[:1]] * 2
    if made[0][0] != "ok":
        assert made[0][1].replace("Sample.", "") == made[1][1].replace("Sample.", "")
        return
    a, b = made[0][1], made[1][1]
    assert repr(a) == repr(b)
    assert dataclasses.asdict(a) == dataclasses.asdict(b) and dataclasses.astuple(a) == dataclasses.astuple(b)
    assert _outcome(lambda: hash(a)) == _outcome(lambda: hash(b))
    twin_a, twin_b = lazy(*dataclasses.astuple(a)), eager(*dataclasses.astuple(b))
    assert (a == twin_a) is (b == twin_b) is True
    assert (a == lazy(*other)) is (b == eager(*other)) and (a == b) is False  # other classes are never equal
    for action in (lambda o: setattr(o, "name", "x"), lambda o: setattr(o, "new", 1), lambda o: delattr(o, "note")):
        assert _outcome(lambda: action(a)) == _outcome(lambda: action(b))
        assert isinstance(_outcome(lambda: action(a))[1], str) and _outcome(lambda: action(a))[0] == "FrozenInstanceError"
    assert repr(dataclasses.replace(a, note="n")) == repr(dataclasses.replace(b, note="n"))
    assert a.label() == b.label() and _outcome(lambda: a.shout) == _outcome(lambda: b.shout)


def test_fields_and_defaults_before_any_use() -> None:
    lazy, eager = _make(frozen), _make(dataclasses.dataclass(frozen=True))
    assert dataclasses.is_dataclass(lazy)
    assert [(f.name, f.default, f.default_factory) for f in dataclasses.fields(lazy)] == \
        [(f.name, f.default, f.default_factory) for f in dataclasses.fields(eager)]
    first, second = lazy("a", 1), lazy("b", 2)
    assert first.extra == {} and first.extra is not second.extra  # a fresh default per instance
    assert lazy.__dataclass_params__.frozen and lazy.__dataclass_params__.eq  # after the first use: the real params


def test_an_object_rebuilt_without_init_compares_and_hashes() -> None:
    """As the cache rebuilds the engine's objects: object.__new__ and the fields set, no __init__ ever called."""
    lazy = _make(frozen)
    made = object.__new__(lazy)
    made.__dict__.update(name="a", count=1, tags=(), extra={}, note=None)
    other = object.__new__(lazy)
    other.__dict__.update(name="a", count=1, tags=(), extra={}, note=None)
    assert made == other and hash(made.tags) == hash(other.tags) and repr(made) == repr(lazy("a", 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "b"


def test_the_engines_classes_are_frozen_dataclasses() -> None:
    from rulekit.engine import compile, conditions, evaluate, trace, vocabulary
    from rulekit.errors import Problem

    classes = [Problem] + [c for m in (compile, conditions, evaluate, trace, vocabulary) for c in vars(m).values()
                           if isinstance(c, type) and c.__module__ == m.__name__ and dataclasses.is_dataclass(c)]
    assert len(classes) > 20
    for cls in classes:
        fields = dataclasses.fields(cls)
        values = {f.name: None for f in fields if f.default is dataclasses.MISSING
                  and f.default_factory is dataclasses.MISSING}
        obj = cls(**values)
        assert obj == cls(**values) and repr(obj).startswith(cls.__name__ + "(")
        assert cls.__dataclass_params__.frozen
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, fields[0].name if fields else "anything", 1)
