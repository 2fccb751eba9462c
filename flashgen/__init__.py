"""flashgen: Vietnamese campaign content in, finished flashcards out.

The public entry point is ``flashgen.pipeline.build``; the stages it runs are
run in order by flashgen/stages.py.
"""

__version__ = "0.1.0"
