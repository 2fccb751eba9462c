"""Which layouts an infographic is drawn in, which items each shows, and why a layout cannot show a content.

``default_layouts`` chooses from the kinds of the items (flashgen.yaml's
``layouts: infographic`` overrides it; the product reads that):

- contrast items only: ``list`` and ``comparison`` (``list`` alone, with a
  note, when the content's ``compare`` section does not name the two sides);
- statements only: ``list``;
- figures only: ``figures``;
- a mix of kinds: ``list`` (every item, each drawn for its kind), and
  ``figures`` as well when some items are figures; never ``comparison``,
  whose rows need every item's old and new way.

``figures`` shows only the figure items; the other layouts show every item.
``layout_problem`` says why a layout cannot show a content (``None`` if it
can), ``check_layout`` raises it as a ``FlashgenError`` that says how to
choose other layouts.
"""

from __future__ import annotations

from pathlib import Path

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.content import Campaign, Item

LAYOUTS = ("list", "comparison", "figures")
PROJECT_FILE = "flashgen.yaml"


def layout_items(campaign: Campaign, layout: str) -> tuple[Item, ...]:
    """The items ``layout`` shows: the figures for the key-figures grid, every item otherwise."""
    if layout == "figures":
        return tuple(item for item in campaign.items if item.kind == "figure")
    return campaign.items


def layout_problem(campaign: Campaign, layout: str) -> str | None:
    """Why ``layout`` cannot show ``campaign`` (what is missing, and where), or None if it can."""
    if layout == "figures" and not layout_items(campaign, layout):
        return _(
            "the figures layout shows the items of kind 'figure' (fields 'value' and 'label'), and {file} has none."
        ).format(file=campaign.path)
    if layout != "comparison":
        return None
    bare = next((item for item in campaign.items if not (item.from_text and item.to_text)), None)
    if bare is not None:
        message = (
            _(
                "the comparison layout shows every item's 'from' and 'to' (the old way and the new way), and "
                "{file}, line {line}, item {number} (a {kind}) has neither."
            )
            if not (bare.from_text or bare.to_text)
            else _(
                "the comparison layout shows every item's 'from' and 'to' (the old way and the new way), and "
                "{file}, line {line}, item {number} (a {kind}) has only one of them."
            )
        )
        return message.format(file=campaign.path, line=bare.line, number=bare.number, kind=bare.kind)
    compare = campaign.compare
    if not compare.from_name or not compare.to_name:
        return _(
            "the comparison layout needs the names of the two sides, and {file} does not give "
            "them: add the section 'compare' with the fields 'from_name' and 'to_name' (for example "
            "'Công nghệ thông tin' and 'Chuyển đổi số')."
        ).format(file=campaign.path)
    return None


def default_layouts(campaign: Campaign) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(layouts, notes for the user): the layouts the items' kinds choose (see the module's docstring)."""
    kinds = set(campaign.kinds)
    if kinds == {"figure"}:
        return ("figures",), ()
    layouts, notes = ["list"], []
    if kinds == {"contrast"}:
        problem = layout_problem(campaign, "comparison")
        if problem is None:
            layouts.append("comparison")
        else:
            notes.append(_("Infographic: no comparison layout, because {problem}").format(problem=problem))
    if "figure" in kinds:
        layouts.append("figures")
    return tuple(layouts), tuple(notes)


def check_layout(campaign: Campaign, layout: str, project: Path | None = None) -> None:
    """Refuse an unknown layout, or one ``campaign`` cannot fill, saying how to choose the layouts in
    ``project`` (the flashgen.yaml that chose it, if any)."""
    if layout not in LAYOUTS:
        raise FlashgenError(
            _("there is no infographic layout called '{layout}'; the layouts are: {layouts}.").format(
                layout=layout, layouts=", ".join(LAYOUTS)
            ),
            code="unknown-choice",
        )
    problem = layout_problem(campaign, layout)
    if problem is None:
        return
    suggested = ", ".join(default_layouts(campaign)[0])
    where = f"{project}, 'layouts: infographic'" if project else str(campaign.path)
    raise FlashgenError(
        _(
            "{where}: {problem} Choose layouts this content can fill in {file}, setting "
            "'layouts:', e.g. 'infographic: [{suggested}]' (what its items choose when 'infographic' is not set)."
        ).format(where=where, problem=problem, file=project or PROJECT_FILE, suggested=suggested),
        code="layout-kind",
    )
