"""Where rulebooks lead to different outcomes: ``space`` (the finite case space of a question) → ``search``
(regions of differing results, ``diff`` and ``compare``) → ``structure`` (side-by-side facts of the texts) →
``report`` (Rich, Markdown, HTML). Built on ``rulekit.engine`` only.
"""
