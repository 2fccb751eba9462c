"""Small, safe helpers for reading and editing SVG documents with lxml.

Parsing never expands entities, never loads a DTD and never touches the
network (templates come from outside designers). Style handling covers what
Inkscape, Illustrator and Figma write: presentation attributes, the
``style="a:b;c:d"`` attribute and internal ``<style>`` sheets, which
``apply_stylesheets`` folds into each element (with the theme's roles).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import cssselect2
import tinycss2
from lxml import etree

from flashgen.errors import FlashgenError
from flashgen.i18n import _
from flashgen.load.files import read_input_file
from flashgen.load.geometry import IDENTITY, Matrix, multiply, rotate, translate
from flashgen.load.limits import Limits

SVG_NS = "http://www.w3.org/2000/svg"
INKSCAPE_LABEL = "{http://www.inkscape.org/namespaces/inkscape}label"

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=False
)
# libxml2 refuses deeper nesting unless told to parse "huge" documents, which flashgen never does.
MAX_XML_DEPTH = 256
_LENGTH = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(px|mm|cm|in|pt)?\s*$")
_UNIT_TO_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")


def escape(text: str) -> str:
    """``text`` with &, < and > as XML entities, for an element's text: what xml.sax.saxutils.escape gives,
    without the 30 ms its import takes (it loads urllib and http)."""
    return html.escape(text, quote=False)


def parse_svg(path: Path, limits: Limits = Limits()) -> etree._ElementTree:
    """Parse an SVG file safely, within ``limits``; ``FlashgenError`` if it is not a readable SVG."""
    return parse_svg_data(_read_svg(path, limits), str(path), _("template"))


def parse_svg_data(data: bytes, source: str, what: str) -> etree._ElementTree:
    """Parse SVG bytes safely; ``FlashgenError`` if they are not a readable SVG. Messages start with
    ``source`` (a file; none for an image inside a file, whose reader says where) and call it the ``what``."""
    if b"<!ENTITY" in data:
        raise FlashgenError(
            _at(source, _("the {what} declares XML entities, which flashgen refuses for safety.").format(what=what)),
            code="xml-entities",
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, _PARSER))
    except etree.XMLSyntaxError as exc:
        raise FlashgenError(_xml_problem(source, what, exc), code="svg-invalid") from None
    # The byte check above cannot see a declaration in UTF-16; the parsed tree can.
    if _has_entities(tree):
        raise FlashgenError(
            _at(source, _("the {what} uses XML entities, which flashgen refuses for safety.").format(what=what)),
            code="xml-entities",
        )
    if tree.getroot().tag != f"{{{SVG_NS}}}svg":
        raise FlashgenError(
            _at(source, _("this file is not an SVG image (its top element is not <svg>).")), code="svg-invalid"
        )
    return tree


def _at(source: str, problem: str) -> str:
    return f"{source}: {problem}" if source else problem


def _read_svg(path: Path, limits: Limits) -> bytes:
    def too_large(size: int) -> str:
        return _("{file}: the file is too large: {limit}.").format(
            file=path, limit=limits.exceeded("max_template_bytes", _("{size:,} bytes").format(size=size))
        )

    try:
        return read_input_file(path, limits.max_template_bytes, too_large)
    except OSError as exc:
        raise FlashgenError(
            _("{file}: cannot read the template ({reason}).").format(file=path, reason=exc.strerror), code="cannot-read"
        ) from None


def _xml_problem(source: str, what: str, exc: etree.XMLSyntaxError) -> str:
    where = (
        _("{file}, line {line}").format(file=source, line=exc.lineno)
        if source and exc.lineno
        else (source or _("line {line}").format(line=exc.lineno or 1))
    )
    if "Excessive depth" in str(exc.msg):  # libxml2's words, which suggest an option flashgen must not use
        return _(
            "{where}: the {what} nests elements too deeply (groups inside groups more than {most} levels deep). "
            "Ungroup some of them in your editor (Inkscape: Object → Ungroup)."
        ).format(where=where, what=what, most=MAX_XML_DEPTH)
    return _("{where}: the {what} is not valid SVG/XML ({reason}).").format(where=where, what=what, reason=exc.msg)


def _has_entities(tree: etree._ElementTree) -> bool:
    """Whether the document declares XML entities or refers to one."""
    internal = tree.docinfo.internalDTD
    if internal is not None and any(True for _ in internal.iterentities()):
        return True
    return any(isinstance(node, etree._Entity) for node in tree.getroot().iter())


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def svg_number(value: float) -> str:
    """A coordinate or size as SVG text: six decimals keep what is drawn within a
    micro-unit of what was measured, without trailing zeros."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def parse_style(value: str | None) -> dict[str, str]:
    result: dict[str, str] = {}
    for declaration in (value or "").split(";"):
        name, sep, content = declaration.partition(":")
        if sep:
            result[name.strip()] = content.strip()
    return result


def format_style(style: dict[str, str]) -> str:
    return ";".join(f"{name}:{value}" for name, value in style.items())


def own_property(element: etree._Element, name: str) -> str | None:
    """A presentation property set on ``element`` itself (style beats attribute)."""
    return parse_style(element.get("style")).get(name, element.get(name))


def inherited_property(element: etree._Element, name: str) -> str | None:
    """A property as ``element`` sees it, looking up through its ancestors."""
    node: etree._Element | None = element
    while node is not None:
        value = own_property(node, name)
        if value not in (None, "", "inherit"):
            return value
        node = node.getparent()
    return None


def remove_property(element: etree._Element, name: str) -> None:
    style = parse_style(element.get("style"))
    if name in style:
        del style[name]
        if style:
            element.set("style", format_style(style))
        else:
            del element.attrib["style"]
    if name in element.attrib:
        del element.attrib[name]


def parse_number(value: str | None, what: str) -> float:
    match = _LENGTH.match(value or "")
    if not match or match.group(2) not in (None, "px"):
        raise ValueError(_("{what} should be a plain number, not '{value}'").format(what=what, value=value))
    return float(match.group(1))


def length_mm(value: str | None) -> float | None:
    """An SVG length with a physical unit, in mm; None for unitless/px."""
    match = _LENGTH.match(value or "")
    if not match or match.group(2) in (None, "px"):
        return None
    return float(match.group(1)) * _UNIT_TO_MM[match.group(2)]


def parse_transform(value: str | None) -> Matrix:
    """The matrix of an SVG ``transform``; ``ValueError`` if it is malformed."""
    try:
        return _parse_transform(value)
    except (ValueError, IndexError):
        raise ValueError(_("transform=\"{value}\" is not a valid SVG transform").format(value=value)) from None


def _parse_transform(value: str | None) -> Matrix:
    matrix = IDENTITY
    for name, raw in _TRANSFORM.findall(value or ""):
        args = [float(v) for v in re.split(r"[\s,]+", raw.strip()) if v]
        if not all(math.isfinite(arg) for arg in args):
            raise ValueError(raw)
        matrix = multiply(matrix, _TRANSFORM_STEPS[name](args))
    return matrix


def _from_matrix(args: list[float]) -> Matrix:
    if len(args) != 6:
        raise ValueError("matrix() takes six numbers")
    return tuple(args)  # type: ignore[return-value]


def _from_translate(args: list[float]) -> Matrix:
    return (1, 0, 0, 1, args[0], args[1] if len(args) > 1 else 0)


def _from_scale(args: list[float]) -> Matrix:
    return (args[0], 0, 0, args[1] if len(args) > 1 else args[0], 0, 0)


def _from_rotate(args: list[float]) -> Matrix:
    cx, cy = (args[1], args[2]) if len(args) == 3 else (0.0, 0.0)
    return multiply(multiply(translate(cx, cy), rotate(args[0])), translate(-cx, -cy))


def _from_skew_x(args: list[float]) -> Matrix:
    return (1, 0, math.tan(math.radians(args[0])), 1, 0, 0)


def _from_skew_y(args: list[float]) -> Matrix:
    return (1, math.tan(math.radians(args[0])), 0, 1, 0, 0)


# The matrix of each SVG transform function from its arguments (IndexError if too few).
_TRANSFORM_STEPS: dict[str, Callable[[list[float]], Matrix]] = {
    "matrix": _from_matrix, "translate": _from_translate, "scale": _from_scale, "rotate": _from_rotate,
    "skewX": _from_skew_x, "skewY": _from_skew_y,
}


def user_space_matrix(element: etree._Element) -> Matrix:
    """From ``element``'s own coordinates (its transform included) to the root's."""
    matrix = IDENTITY
    node: etree._Element | None = element
    while node is not None and node.getparent() is not None:
        matrix = multiply(parse_transform(node.get("transform")), matrix)
        node = node.getparent()
    return matrix


def label(element: etree._Element) -> str:
    """How to point a designer at an element: its label or id, else its tag and line."""
    name = element.get(INKSCAPE_LABEL) or element.get("id")
    return f"'{name}'" if name else _("<{name}> on line {line}").format(name=local_name(element), line=element.sourceline)


THEME_STYLESHEET_ID = "flashgen-theme"


@lru_cache(maxsize=64)
def _css_rules(css: str) -> tuple[tuple[object, tuple[tuple[str, str, bool], ...]], ...]:
    """(compiled selector, declarations) pairs of a stylesheet; at-rules (@import, @font-face,
    @media) are ignored: flashgen never fetches what a stylesheet links to. Once per stylesheet: every template
    of a build has the theme's (compiling its selectors took 0.1 s of each build)."""
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        declarations = tuple(
            (d.lower_name, tinycss2.serialize(d.value).strip(), d.important)
            for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
            if d.type == "declaration"
        )
        try:
            selectors = cssselect2.compile_selector_list(rule.prelude)
        except cssselect2.SelectorError:
            continue  # a selector cairosvg could not use either
        rules += [(selector, declarations) for selector in selectors]
    return tuple(rules)


def apply_stylesheets(root: etree._Element, theme_css: str) -> None:
    """Fold every ``<style>`` rule into the ``style`` attribute of the elements it matches.

    Illustrator writes colours and fonts as internal CSS classes (``.st0{fill:…}``)
    and flashgen's templates name theme roles as classes (``fill-accent``); after
    this, every element carries its own properties, so fonts can be resolved and
    text laid out from the element alone. The template's ``<style id="flashgen-theme">``
    (the default theme, for previewing in an editor) is replaced by ``theme_css``,
    which comes last so the theme wins over other rules of equal weight. CSS
    precedence is kept: presentation attributes < rules by specificity and order
    < the element's own ``style`` < ``!important`` rules.
    """
    matcher = cssselect2.Matcher()
    for selector, declarations in _css_rules(_take_stylesheets(root)) + _css_rules(theme_css):
        matcher.add_selector(selector, declarations)
    for wrapper in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        matches = sorted(matcher.match(wrapper), key=lambda match: (match[0], match[1]))
        if matches:
            _fold_declarations(wrapper.etree_element, [d for *_, declarations in matches for d in declarations])


def _take_stylesheets(root: etree._Element) -> str:
    """Remove every ``<style>`` from the document; return their CSS but the preview theme's."""
    sheets = [e for e in root.iter() if local_name(e) == "style"]
    css = "\n".join(e.text or "" for e in sheets if e.get("id") != THEME_STYLESHEET_ID)
    for sheet in sheets:
        sheet.getparent().remove(sheet)
    return css


def _fold_declarations(element: etree._Element, declarations: list[tuple[str, str, bool]]) -> None:
    """Merge the declarations of the rules matching ``element`` (in cascade order) into its ``style``."""
    normal = {name: value for name, value, important in declarations if not important}
    important = {name: value for name, value, important in declarations if important}
    element.set("style", format_style({**normal, **parse_style(element.get("style")), **important}))


XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


def external_reference(root: etree._Element) -> tuple[etree._Element | None, str] | None:
    """The first link out of the document (element, problem), or None if it holds everything it shows.

    Only embedded (data:) images and links inside the file (#id) are allowed:
    a link to a file or a web address (an image, a <use>, a CSS url() or
    @import, a linked stylesheet) would make the renderer read files or the network.
    """
    for node in [*root.itersiblings(preceding=True), *root.iter()]:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            return None, _("it links a stylesheet (<?xml-stylesheet …?>); put the styles in the file itself.")
        problem = _link_out_of(node) if isinstance(node.tag, str) else None
        if problem is not None:
            return node, problem
    return None


def _link_out_of(element: etree._Element) -> str | None:
    """What in ``element`` itself links out of the document, if anything."""
    name = local_name(element)
    return _linked_href(element, name) or _css_link(element, name)


def _linked_href(element: etree._Element, name: str) -> str | None:
    """An image that is not embedded, or an href (but an <a>'s) to something outside the document."""
    href = (element.get("href") or element.get(XLINK_HREF) or "").strip()
    if name == "image" and not href.startswith("data:"):
        return _(
            "the image is linked ('{target}'), not embedded. Embed it (Inkscape: File → Import → Embed) so the file carries it."
        ).format(target=href[:60])
    if href and name != "a" and not href.startswith(("#", "data:")):
        return _("<{name}> links to '{target}', outside the file; only links inside the file (#id) are allowed.").format(
            name=name, target=href[:60]
        )
    return None


def _css_link(element: etree._Element, name: str) -> str | None:
    """An @import in a <style>, or a CSS url() to outside the document in an attribute or a <style>."""
    if name == "style" and "@import" in (element.text or ""):
        return _("the style imports another stylesheet (@import); put the styles in the file itself.")
    texts = [*element.attrib.values(), *([element.text or ""] if name == "style" else [])]
    for target in (t for text in texts for t in CSS_URL.findall(text)):
        if not target.startswith(("#", "data:")):
            return _("it refers to url({target}), outside the file; only url(#id) inside the file is allowed.").format(
                target=target[:60]
            )
    return None


def frame_mark(element: etree._Element) -> str | None:
    """The attribute that makes ``element`` a frame; a text frame's wins over a QR's, a QR's over an image's."""
    if not isinstance(element.tag, str):
        return None
    return next((mark for mark in ("data-field", "data-qr", "data-image") if element.get(mark) is not None), None)
