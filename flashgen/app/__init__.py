"""``flashgen app``: a workspace folder in, a local web page out, for people who never open a terminal.

Like cli.py, this package sits on top of the stages: it may import any of them and
none imports it. ``server.create_app(workspace)`` is the Starlette application (the
HTTP contract: APP-API.md of the project's notes), ``server.serve`` runs it with
uvicorn. The modules beside it do the work the routes name:

- ``workspace.py``: the projects of the workspace (ids checked: nothing outside it), new ones from an example
  or an upload;
- ``editor.py``: a project's content and settings, read for the page and written back atomically;
- ``preview.py``: one card laid out and drawn with ``flashgen check``'s findings, inputs cached per project;
- ``previewer.py``: the processes that draw the previews, one per set of font folders;
- ``builds.py``: one build thread per project, its progress, the built files, zips and captions;
- ``http.py``: JSON answers and errors; who may ask what (the access code, the Host and Origin headers).

The page itself (``static/``, ``words.py``) is written against the same contract.
"""
