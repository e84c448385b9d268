"""``frozen``: ``@dataclass(frozen=True)``, its generated methods made when the class is first used.

``dataclasses`` writes and compiles the source of ``__init__``, ``__repr__``, ``__eq__`` and ``__hash__`` of
every frozen dataclass when the class is defined: about half a millisecond a class here, 10-15 ms of every
``rulekit ask`` for the classes it imports, most of which it never instantiates (a cached rulebook's objects
are rebuilt without ``__init__``; see ``engine/cache.py``). A class decorated with ``frozen`` is a dataclass at
once (``dataclasses.fields``, ``replace``, ``asdict`` and ``is_dataclass`` work) and frozen at once
(``FrozenInstanceError`` on assignment, as ``dataclass`` words it); the first call of ``__init__``,
``__repr__``, ``__eq__`` or ``__hash__`` applies ``dataclass(frozen=True)`` to a copy of the class body and
takes those four methods from it, so from then on the class behaves, and runs, exactly as
``@dataclass(frozen=True)`` makes it. ``tests/test_frozen.py`` holds the two equal.

Only for classes that define none of those methods themselves (else: plain ``dataclass(frozen=True)``).
"""

from __future__ import annotations

import dataclasses

__all__ = ["frozen"]

_MADE = ("__init__", "__repr__", "__eq__", "__hash__")
_OWN = (*_MADE, "__setattr__", "__delattr__", "__post_init__")


def frozen(cls: type) -> type:
    """``@dataclass(frozen=True)``, the generated methods compiled on first use."""
    body = dict(cls.__dict__)
    if any(name in body for name in _OWN):
        return dataclasses.dataclass(frozen=True)(cls)
    body.pop("__dict__", None)
    body.pop("__weakref__", None)
    body["__qualname__"] = cls.__qualname__  # so the compiled methods are named as dataclass names them
    shell = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # the fields; nothing compiled
    names = tuple(shell.__dataclass_fields__)
    made: list[bool] = []

    def complete() -> None:
        if made:
            return
        full = dataclasses.dataclass(frozen=True)(type(cls.__name__, cls.__bases__, dict(body)))
        for name in _MADE:
            type.__setattr__(shell, name, full.__dict__[name])
        type.__setattr__(shell, "__dataclass_params__", full.__dataclass_params__)
        made.append(True)

    def first(name: str):  # noqa: ANN202
        def method(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            complete()
            return getattr(shell, name)(self, *args, **kwargs)

        method.__name__ = method.__qualname__ = name
        return method

    for name in _MADE:
        type.__setattr__(shell, name, first(name))

    def __setattr__(self, name, value):  # noqa: ANN001, ANN202, N807 - as dataclass writes it for a frozen class
        if type(self) is shell or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(shell, self).__setattr__(name, value)

    def __delattr__(self, name):  # noqa: ANN001, ANN202, N807
        if type(self) is shell or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(shell, self).__delattr__(name)

    shell.__setattr__ = __setattr__
    shell.__delattr__ = __delattr__
    return shell
