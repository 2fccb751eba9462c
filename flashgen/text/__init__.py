"""Stage 3 — lay out text: a string, a face and a frame in, positioned lines out.

layout.py breaks text into lines and picks the largest size that fits a
frame (``layout_text`` → ``TextBlock``); wordbreak.py says where a line may
break between phrases, not inside a Vietnamese word or name (a 31,000-word
list, the rules of data/vi-breaks.yaml and the campaign's glossary); tonemarks.py tells old from new tone placement.
Shared by every document that sets text: fit.py finds the largest type size
that fits (``largest_fitting``, ``bisect``), columns.py cuts rows of text
into balanced columns (``balanced_split``).
"""
