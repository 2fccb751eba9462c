"""Stage 9 — output: the files of a build in, a complete output folder out.

staging.py holds the folder's lock, stages every file beside it, commits
them all at once with ``manifest.json`` and never touches a file flashgen did
not make; gallery.py writes ``index.html``, the page that shows the build;
links.py is how both write: never through a symbolic link, never into a
system folder.
"""
