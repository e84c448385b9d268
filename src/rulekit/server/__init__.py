"""The HTTP decision service behind ``rulekit serve``: FastAPI on uvicorn, over rulebooks compiled once at start.

``registry`` (the served rulebooks, digests, ``--watch`` reloads) and ``decisions`` (answers with local titles,
batches) need no web framework: ``rulekit ask --batch`` uses them too. ``app`` builds the FastAPI app, ``streams``
carries JSON Lines both ways, ``run`` starts uvicorn. Importing this package imports nothing heavy."""
