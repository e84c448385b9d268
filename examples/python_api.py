"""Asking rulekit from Python: who signs, what is missing, and the article that decides.

    python examples/python_api.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))  # run from a checkout

import rulekit  # noqa: E402

yian = rulekit.load("yian")

# An upward request in the government's name: who signs?
r = yian.ask("document.signer", issuer="government", form="request", recipient="higher_government")
alternatives = [" + ".join(yian.title(role) for role in alt["all_of"]) for alt in r.answer["any_of"]]
print(r.status, "->", " 或 ".join(alternatives))
for c in r.citations:
    print(f"  第{c.article}条 ({c.clause}): {c.quote}")

# The same question without saying whether the standing meeting already decided the matter:
r = yian.ask("document.signer", issuer="government", form="notice", recipient="subordinate")
print(r.status, "missing:", r.missing)

# Chinese labels work as values; the result is the contract's JSON object.
r = yian.ask("seal.approver", seal="县长印章", purpose="合同", head_away=True)
print(r.to_dict()["answer"])
