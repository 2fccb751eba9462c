"""flashgen: Vietnamese campaign content in, finished flashcards, print decks, documents and social images out.

The public entry point is ``flashgen.build.build`` (``BuildOptions`` from
``flashgen.options``); it runs the stage packages in order: load, merge,
text, compose, render, pdf, documents, products, output.
"""

__version__ = "0.2.0"
