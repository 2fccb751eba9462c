"""flashgen: Vietnamese campaign content in, finished flashcards out.

The public entry point is ``flashgen.pipeline.build``; the stages it runs are
described in flashgen/pipeline.py.
"""

__version__ = "0.1.0"
