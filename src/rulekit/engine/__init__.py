"""The rulebook pipeline: parse (located YAML) → load (pydantic models) → validate → compile → evaluate → explain.

``rulebook`` ties it together (``load``, ``Rulebook.ask``); ``vocabulary`` holds the shared questions, facts and
roles; ``source`` rebuilds the cleaned text from the seed; ``cache`` keeps compiled rulebooks per user;
``coverage`` reports which articles are encoded. Nothing here imports from ``checker``, ``differ`` or ``cli``.
"""
