"""Stage 8 — products: laid-out cards and documents in, files to stage out.

Each product (flashcards, print decks, booklet, leaflet, social sets,
infographic) turns the build's laid-out cards and the campaign into output
files with their manifest facts.
"""
