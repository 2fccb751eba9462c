"""A project as the page edits it: its folder in, its content and settings as JSON out; the page's
changes in, written back to the project's files (atomically, checked first) out.

Content is validated as the loader validates a content file
(``load.content.campaign_from_tree``) and written as YAML (a spreadsheet
project is switched to content.yaml; the sheet is left as it was). Settings
go into flashgen.yaml line by line, so its comments stay, and are read back
with ``resolve_options`` before the file is replaced. A logo is checked as the
theme's logo is (``load_theme``) before it is put beside the theme.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from flashgen.app.http import AppError
from flashgen.errors import FlashgenError
from flashgen.i18n import _, current_language
from flashgen.load.presets import load_presets
from flashgen.load.theme import (
    LOGO_TYPES,
    MAX_LOGO_BYTES,
    bundled_themes,
    find_theme,
    load_theme,
)
from flashgen.load.wording import wording
from flashgen.options import (
    PROJECT_FILE,
    BuildOptions,
    CommandLine,
    choose_sizes,
    resolve_options,
)
from flashgen.output.links import write_file_atomically
from flashgen.products import PRODUCTS

OWN_THEME = "theme.yaml"  # the theme file `flashgen init` writes into a project


def _options(folder: Path) -> BuildOptions:
    return resolve_options(CommandLine(), folder)


def _theme_setting(folder: Path) -> str:
    """flashgen.yaml's 'theme:' as written (a bundled name or a file), 'xanh' when not set."""
    from flashgen.load.yamlfile import read_yaml

    document = read_yaml(folder / PROJECT_FILE)
    value = document.get("theme") if isinstance(document, dict) else None
    return value if isinstance(value, str) and value else "xanh"


def theme_choices(folder: Path) -> list[dict[str, Any]]:
    """The project's own theme files (theme*.yaml) and the bundled themes, with colours and fonts to show."""
    own = sorted(p.name for p in folder.glob("theme*.yaml") if p.is_file() and not p.is_symlink())
    names = own + bundled_themes()
    current = _theme_setting(folder)
    names += [current] if current not in names else []
    found = []
    for name in names:
        try:
            theme = load_theme(find_theme(name, folder))
        except FlashgenError:
            continue  # a broken theme file: the check names it; the page offers the others
        found.append({"name": name, "label": theme.name or name, "colours": theme.colours, "fonts": theme.fonts})
    return found


def project_view(project_id: str, folder: Path) -> dict[str, Any]:
    """Everything the editor shows: content, settings and the choices for each setting."""
    from flashgen.app.preview import content_tree
    from flashgen.load.content import load_campaign

    options = _options(folder)
    tree = content_tree(options.content, options.limits)
    campaign = dict(tree.get("campaign") or {})
    if isinstance(tree.get("source"), dict):
        campaign["source"] = tree["source"]
    items = [dict(item) for item in tree.get("items") or [] if isinstance(item, dict)]
    try:  # each item's kind as the loader decides it (its own, the campaign's, or what its fields imply)
        kinds = [item.kind for item in load_campaign(options.content, options.limits).items]
    except FlashgenError:
        kinds = []
    for item, kind in zip(items, kinds):
        item.setdefault("kind", kind)
    return {
        "id": project_id,
        "campaign": campaign,
        "kind_fields": {name: list(kind.fields) for name, kind in wording().item_kinds.items()},
        "items": items,
        "messages": [m for m in tree.get("messages") or [] if isinstance(m, str)],
        "content_file": options.content.name,
        "settings": settings_view(project_id, folder, options),
        "choices": choices_view(folder, options),
    }


def settings_view(project_id: str, folder: Path, options: BuildOptions) -> dict[str, Any]:
    presets = load_presets(project=options.project_config)
    try:
        logo = load_theme(options.theme, options.limits).logo
    except FlashgenError:
        logo = None
    return {
        "theme": _theme_setting(folder),
        "products": list(options.products) or [name for name, p in PRODUCTS.items() if p.default],
        "sizes": [size.name for size in choose_sizes(options.sizes, presets)],
        "platforms": list(options.platforms) or list(presets.platforms),
        "logo": f"/api/projects/{project_id}/logo" if logo is not None else None,
    }


def choices_view(folder: Path, options: BuildOptions) -> dict[str, Any]:
    presets = load_presets(project=options.project_config)
    return {
        "themes": theme_choices(folder),
        "products": [{"name": name, "label": _in_language(p.label), "summary": _(p.summary), "default": p.default}
                     for name, p in PRODUCTS.items()],
        "sizes": [{"name": name, "label": _(size.label)} for name, size in presets.card_sizes.items()],
        "platforms": [{"name": name, "label": _(p.label)} for name, p in presets.platforms.items()],
    }


def _in_language(label: str) -> str:
    """A registry label written "Vietnamese / English" in the server's language alone."""
    words = label.split(" / ")
    return words[0] if current_language() == "vi" or len(words) == 1 else words[-1]


# ---- content --------------------------------------------------------------------------------------

def _header(path: Path) -> str:
    """The comment lines at the top of a YAML content file (the source, who wrote it): kept on save."""
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line + "\n")
    return "".join(lines)


def save_content(folder: Path, body: dict[str, Any]) -> dict[str, Any]:
    """The page's content checked as the loader checks a content file, then written atomically."""
    from flashgen.app.preview import content_path, content_tree, edited_tree
    from flashgen.check import text_findings
    from flashgen.load.content import campaign_from_tree, content_yaml

    options = _options(folder)
    tree = edited_tree(content_tree(options.content, options.limits), body.get("campaign"))
    for key in ("items", "messages"):
        if key in body:
            tree[key] = body[key]
    if not tree.get("messages"):
        tree.pop("messages", None)  # an empty list is no messages, as a file without the key
    target = content_path(options)
    _write_workbook_pictures(folder, options, tree)
    try:
        checked, _text = campaign_from_tree(tree, target, options.limits)
    except FlashgenError as problem:
        raise AppError(problem.message.replace(f"{folder}/", ""), code=problem.code) from None
    text = content_yaml(tree, _header(target))
    write_file_atomically(target.parent, target.name, text.encode("utf-8"))
    answer: dict[str, Any] = {"saved": True, "findings": [
        {"severity": f.severity, "code": f.code, "message": f.message.replace(f"{folder}/", "")}
        for f in text_findings(checked)]}
    if target != options.content:
        _set_line(folder, "content", target.name)
        answer["note"] = _("The content was saved as {file}; the spreadsheet {sheet} was kept as it was, and the "
                               "project now reads {file}.").format(file=target.name, sheet=options.content.name)
    return answer


def _write_workbook_pictures(folder: Path, options: BuildOptions, tree: dict[str, Any]) -> None:
    """Pictures stored in the spreadsheet's rows written beside the YAML content (pictures/), each item
    naming its file: content.yaml holds text only."""
    from flashgen.app.preview import WORKBOOK_PICTURE, workbook_pictures
    from flashgen.load.images import ImageKind, image_kind

    items = [item for item in tree.get("items") or [] if isinstance(item, dict)
             and isinstance(item.get("image"), str) and item["image"].startswith(WORKBOOK_PICTURE)]
    if not items:
        return
    pictures = workbook_pictures(options.content, options.limits)
    for item in items:
        data = pictures.get(item["image"])
        if data is None:
            continue  # named by the page but not in the workbook: the validation names the item
        suffix = "png" if image_kind(data) == ImageKind.PNG else "jpg"  # items show PNG or JPEG (content_pictures.py)
        name = f"pictures/{item['image'][len(WORKBOOK_PICTURE):]}.{suffix}"
        write_file_atomically(folder, name, data)
        item["image"] = name


# ---- settings -------------------------------------------------------------------------------------

def _names(body: dict[str, Any], key: str, known: list[str]) -> list[str] | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
        raise AppError(_("'{key}': choose at least one.").format(key=key), code="app-setting")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise AppError(_("'{key}': unknown {names}; choose from: {known}.").format(
            key=key, names=", ".join(unknown)[:200], known=", ".join(known)), code="app-setting")
    return value


def save_settings(folder: Path, body: dict[str, Any]) -> dict[str, Any]:
    """Theme, products, sizes and platforms written to flashgen.yaml (its comments kept), checked first."""
    options = _options(folder)
    presets = load_presets(project=options.project_config)
    theme = body.get("theme")
    if theme is not None and theme not in [t["name"] for t in theme_choices(folder)]:
        raise AppError(_("'theme': unknown theme {name}.").format(name=repr(theme)[:80]), code="app-setting")
    changes = {
        "theme": theme,
        "products": _names(body, "products", list(PRODUCTS)),
        "sizes": _names(body, "sizes", list(presets.card_sizes)),
        "platforms": _names(body, "platforms", list(presets.platforms)),
    }
    text = (folder / PROJECT_FILE).read_text(encoding="utf-8")
    for key, value in changes.items():
        if value is not None:
            text = _with_setting(text, key, value if isinstance(value, str) else f"[{', '.join(value)}]")
    _replace_project_file(folder, text)
    return {"saved": True, "settings": settings_view(folder.name, folder, _options(folder))}


def _with_setting(text: str, key: str, value: str) -> str:
    """``text`` of flashgen.yaml with ``key`` set to ``value``, the comment after it kept. 'platforms' lives
    under 'social:'; a key not there yet is added at the end (of its section)."""
    indent = "  " if key == "platforms" else ""
    pattern = re.compile(rf"^{indent}{key}:[^\S\n]*(\[[^\]\n]*\]|[^#\n]*?)([^\S\n]*#[^\n]*)?$", re.MULTILINE)
    if pattern.search(text):
        return pattern.sub(lambda m: f"{indent}{key}: {value}{m.group(2) or ''}", text, count=1)
    if key == "platforms":
        if re.search(r"^social:[^\S\n]*(#[^\n]*)?$", text, re.MULTILINE):
            return re.sub(r"^social:[^\n]*$", lambda m: f"{m.group(0)}\n  platforms: {value}", text, count=1, flags=re.MULTILINE)
        return text.rstrip("\n") + f"\nsocial:\n  platforms: {value}\n"
    return text.rstrip("\n") + f"\n{key}: {value}\n"


def _set_line(folder: Path, key: str, value: str) -> None:
    _replace_project_file(folder, _with_setting((folder / PROJECT_FILE).read_text(encoding="utf-8"), key, value))


def _replace_project_file(folder: Path, text: str) -> None:
    """flashgen.yaml replaced by ``text`` once ``resolve_options`` reads it without a problem."""
    scratch = folder / f".{PROJECT_FILE}.app-check"
    try:
        scratch.write_text(text, encoding="utf-8")
        resolve_options(CommandLine(config=scratch), folder)
    except FlashgenError as problem:
        raise AppError(problem.message.replace(str(scratch), PROJECT_FILE), code=problem.code) from None
    finally:
        scratch.unlink(missing_ok=True)
    write_file_atomically(folder, PROJECT_FILE, text.encode("utf-8"))


# ---- the logo -------------------------------------------------------------------------------------

def logo_file(folder: Path) -> tuple[bytes, str]:
    """The project's logo (bytes, media type), as its theme names it."""
    options = _options(folder)
    logo = load_theme(options.theme, options.limits).logo
    if logo is None or folder.resolve() not in logo.path.resolve().parents:
        raise AppError(_("this project has no logo."), code="app-no-logo", status=404)
    return logo.data, logo.media_type


def save_logo(project_id: str, folder: Path, filename: str | None, data: bytes) -> dict[str, Any]:
    """The uploaded logo checked as a theme's logo is, then set in the project's theme file (``_logo_theme_file``)."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in LOGO_TYPES:
        raise AppError(_("the logo must be a .png, .jpg or .svg file."), code="app-logo-type")
    if len(data) > MAX_LOGO_BYTES:
        raise AppError(_("the logo is too large ({size:,} bytes); at most {most:,} bytes are accepted.").format(
            size=len(data), most=MAX_LOGO_BYTES), code="app-upload-size", status=413)
    current = _theme_setting(folder)
    theme_file = _logo_theme_file(folder, current)
    theme_text = (folder / theme_file).read_text(encoding="utf-8") if theme_file == current else \
        f"# The project's theme (flashgen app): the bundled theme '{current}' with the project's logo.\nbase: {current}\n"
    name = "logo" + suffix
    theme_text = _with_setting(theme_text, "logo", name) if re.search(r"^logo:", theme_text, re.MULTILINE) \
        else theme_text.rstrip("\n") + f"\nlogo: {name}\n"
    with tempfile.TemporaryDirectory(prefix=".flashgen-logo-", dir=folder) as scratch:
        (Path(scratch) / name).write_bytes(data)
        (Path(scratch) / theme_file).write_text(theme_text, encoding="utf-8")
        try:
            load_theme(Path(scratch) / theme_file)
        except FlashgenError as problem:
            message = problem.message.replace(f"{scratch}/", "").replace(scratch, "")
            raise AppError(message, code=problem.code) from None
        write_file_atomically(folder, name, data)
        write_file_atomically(folder, theme_file, theme_text.encode("utf-8"))
    if current != theme_file:
        _set_line(folder, "theme", theme_file)
    return {"logo": f"/api/projects/{project_id}/logo"}


def _logo_theme_file(folder: Path, current: str) -> str:
    """The theme file the logo goes in: the project's own theme file in use; with a bundled theme in use,
    theme.yaml if the project has none, else a new file for that bundled theme (the own one is kept)."""
    if current.endswith((".yaml", ".yml")) and "/" not in current and (folder / current).is_file():
        return current
    return OWN_THEME if not (folder / OWN_THEME).exists() else f"theme-{current}.yaml"
