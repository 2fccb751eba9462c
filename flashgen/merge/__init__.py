"""Stage 2 — merge: a ``Campaign`` and ``Template``s in, one ``MergedCard`` per image out.

cards.py pairs every item with the card templates of every size and side;
social.py makes the social-media album (cover, one card per item, closing)
and message cards for a template shape. A ``MergedCard`` holds the template
and the text value of each frame; nothing is laid out yet.
"""
