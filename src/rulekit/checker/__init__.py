"""Compliance checks over records: ``records`` (streaming readers) → ``verdicts`` (judging each record against
the engine's answer) → ``report`` (table, JSON Lines, JUnit); ``calendar`` counts PRC working days for deadlines;
``pytest_plugin`` runs rulebook test suites under pytest. Built on ``rulekit.engine`` only.
"""
