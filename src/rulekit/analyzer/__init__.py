"""Static analysis of rulebooks over the whole case space: conflicts, dead and redundant rules, gaps, needless
facts (``rulekit analyze``). ``findings`` computes with the differ's case-space search; ``report`` renders."""
