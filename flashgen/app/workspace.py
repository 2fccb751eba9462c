"""The workspace: a folder in, its projects out; new projects from an example or an uploaded file.

A project is the workspace itself if it holds a ``flashgen.yaml`` (id ".") and
each direct subfolder that holds one (id = the folder's name). Every id the
page sends goes through ``project_folder``, which refuses anything that is
not such a name (``..``, ``/etc``, a link, a hidden folder): nothing outside
the workspace is ever read or written. New projects are made by
``scaffold.create_project``, as ``flashgen init`` makes them.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flashgen.app.http import AppError
from flashgen.errors import FlashgenError
from flashgen.i18n import N_, _
from flashgen.load.content import load_campaign
from flashgen.load.resources import EXAMPLES
from flashgen.load.spreadsheet import SPREADSHEET_SUFFIXES
from flashgen.options import PROJECT_FILE
from flashgen.scaffold import create_project

# The kinds of campaign a new project starts from: (label, summary), marked for the catalogue.
EXAMPLE_WORDS = {
    "contrast": (N_("Contrasts (old way → new way)"),
                 N_("Each item sets an old way of doing things beside the new one, like the 17 differences between IT "
                    "and digital transformation.")),
    "statements": (N_("Statements and messages"),
                   N_("Each item is a statement of a plan, with the plan's messages, like a communication plan's contents.")),
    "figures": (N_("Key figures"),
                N_("Each item is a number with its label, like a report's key figures.")),
}
UPLOAD_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".yaml", ".yml")
MAX_UPLOAD_BYTES = 10_000_000  # a content file or a spreadsheet; the readers' own limits apply inside it
MAX_NAME_CHARS = 60
WORKSPACE_ID = "."


@dataclass(frozen=True)
class ProjectInfo:
    id: str
    title: str
    items: int
    folder: str


def examples() -> list[dict[str, str]]:
    """The kinds a new campaign starts from, in the server's language."""
    return [{"kind": kind, "label": _(label), "summary": _(summary)} for kind, (label, summary) in EXAMPLE_WORDS.items()
            if kind in EXAMPLES]


def project_ids(workspace: Path) -> list[str]:
    """"." if the workspace is a project, then its subfolders that are, by name."""
    ids = [WORKSPACE_ID] if (workspace / PROJECT_FILE).is_file() else []
    ids += sorted(
        entry.name for entry in workspace.iterdir()
        if _plain_name(entry.name) and entry.is_dir() and not entry.is_symlink() and (entry / PROJECT_FILE).is_file()
    )
    return ids


def _plain_name(name: str) -> bool:
    """A folder name the page may name: no separator, not hidden (no '..', no staging folder)."""
    return bool(name) and not name.startswith(".") and "/" not in name and "\\" not in name and "\0" not in name


def project_folder(workspace: Path, project_id: str) -> Path:
    """The folder of the project ``project_id``; a 404 ``AppError`` for anything else (``..``, ``/etc``, a link)."""
    if project_id == WORKSPACE_ID:
        folder = workspace
    elif _plain_name(project_id):
        folder = workspace / project_id
    else:
        raise unknown_project(project_id)
    if folder.is_symlink() or not (folder / PROJECT_FILE).is_file() or (folder / PROJECT_FILE).is_symlink():
        raise unknown_project(project_id)
    if folder.resolve().parent != workspace.resolve() and folder.resolve() != workspace.resolve():
        raise unknown_project(project_id)
    return folder


def unknown_project(project_id: str) -> AppError:
    return AppError(_("there is no project '{id}' in this workspace.").format(id=project_id[:80]),
                    code="app-no-project", status=404)


def describe(workspace: Path, project_id: str) -> ProjectInfo:
    """The project's id, its campaign's title and number of items (its folder name and 0 if unreadable)."""
    from flashgen.options import CommandLine, resolve_options

    folder = project_folder(workspace, project_id)
    name = workspace.resolve().name if project_id == WORKSPACE_ID else project_id
    try:
        options = resolve_options(CommandLine(), folder)
        campaign = load_campaign(options.content, options.limits)
    except FlashgenError:
        return ProjectInfo(project_id, name, 0, name)
    return ProjectInfo(project_id, campaign.title, len(campaign.items), name)


def slug(name: str) -> str:
    """A folder name from what the user typed: "Chiến dịch 2024" → "chien-dich-2024"."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:MAX_NAME_CHARS].strip("-")


def new_project_folder(workspace: Path, name: object) -> Path:
    """The folder for a new project named ``name``: refused if empty once slugified, or already there."""
    folder_name = slug(name) if isinstance(name, str) else ""
    if not folder_name:
        raise AppError(_("give the new campaign a name with letters or digits, e.g. 'Chiến dịch 2024'."), code="app-name")
    folder = workspace / folder_name
    if folder.exists() or folder.is_symlink():
        raise AppError(_("a project named '{name}' already exists; choose another name.").format(name=folder_name),
                       code="app-exists", status=409)
    return folder


def create_from_example(workspace: Path, name: object, kind: object) -> str:
    """A new project from the bundled example of ``kind``, as ``flashgen init --example`` makes it; its id."""
    if not isinstance(kind, str) or kind not in EXAMPLES:
        raise AppError(_("unknown kind of campaign '{kind}'; choose from: {choices}.").format(
            kind=str(kind)[:40], choices=", ".join(EXAMPLES)), code="app-kind")
    folder = new_project_folder(workspace, name)
    create_project(folder, kind)
    return folder.name


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name, checked: no folder in it, no '..', a content file's extension."""
    name = filename or ""
    if not name or "/" in name or "\\" in name or "\0" in name or name.startswith(".") or ".." in name:
        raise AppError(_("the file name '{name}' is refused: give a plain file name, without folders.").format(
            name=name[:80]), code="app-upload-name")
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise AppError(_("'{name}': flashgen reads content from {kinds} files.").format(
            name=name[:80], kinds=", ".join(UPLOAD_SUFFIXES)), code="app-upload-type")
    return name


def too_large_upload(size: int) -> AppError:
    return AppError(_("the file is too large ({size:,} bytes); at most {most:,} bytes are accepted.").format(
        size=size, most=MAX_UPLOAD_BYTES), code="app-upload-size", status=413)


def create_from_upload(workspace: Path, name: object, filename: str | None, data: bytes) -> str:
    """A new project whose content is the uploaded file, checked as ``flashgen check`` reads it first; its id.

    The file is read in a hidden folder of the workspace; a problem is a 400 naming
    the file (by its own name), sheet or line, item and field, and nothing is kept."""
    original = upload_name(filename)
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large_upload(len(data))
    folder = new_project_folder(workspace, name if name else Path(original).stem)
    content = "content" + Path(original).suffix.lower()
    with tempfile.TemporaryDirectory(prefix=".flashgen-upload-", dir=workspace) as scratch:
        checked = Path(scratch) / original
        checked.write_bytes(data)
        try:
            load_campaign(checked)
        except FlashgenError as problem:
            raise AppError(problem.message.replace(f"{scratch}/", ""), code=problem.code) from None
        create_project(folder, "contrast")
        try:
            for old in ("content.yaml", "content.xlsx"):
                (folder / old).unlink(missing_ok=True)
            shutil.copyfile(checked, folder / content)
            _name_content(folder / PROJECT_FILE, content)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)  # made just now: no half project stays
            raise
    return folder.name


def _name_content(project_file: Path, content: str) -> None:
    """Point the new project's 'content:' line at ``content`` (the file create_project wrote has one)."""
    text = project_file.read_text(encoding="utf-8")
    text = re.sub(r"^content: *\S+", lambda _m: f"content: {content}", text, count=1, flags=re.MULTILINE)
    project_file.write_text(text, encoding="utf-8")
