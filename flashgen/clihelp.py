"""Help screens in the user's language: the ``typer`` classes the ``flashgen`` command is made of.

Typer and Click take help texts when a command is defined, at import time, before
``--lang`` is read. So the texts are written in English and only marked (``N_``);
``Command`` and ``Group`` translate them (``flashgen.i18n._``) each time help or a
usage line is shown, in the language chosen by then. They also make the help read
as a user expects rather than as Python types: flags show no value (``--json``, not
``--json <bool>``), values show plain placeholders (``TỆP``/``FILE``), defaults are
said in words in the help text (no ``[default: 0]``), arguments show as ``[THƯ MỤC]``
(not ``{folder}``), and Typer's own titles ("Options", "Usage:") are translated too.

``App`` is a ``typer.Typer`` whose commands are all ``Command`` unless told otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from flashgen.i18n import N_, _

HELP_OPTION = N_("Show this message and exit.")
# Help texts with a listing made when the help is shown (platforms, products): msgid → the listing's lines.
LISTINGS: dict[str, Callable[[], list[str]]] = {}


def listed(message: str, lines: Callable[[], list[str]]) -> str:
    """A help text followed, on screen, by ``lines()``: one line each (e.g. one per platform)."""
    LISTINGS[message] = lines
    return message


def _original(thing: Any, attribute: str) -> Any:
    """The English text an object was defined with (kept the first time it is translated)."""
    kept: dict[str, Any] = thing.__dict__.setdefault("_flashgen_msgids", {})
    return kept.setdefault(attribute, getattr(thing, attribute))


def _translated(message: str | None) -> str | None:
    if not message:
        return message
    listing = LISTINGS.get(message)
    text = _(message)
    return "\n\n".join([text, *listing()]) if listing else text


def translate_param(param: Any) -> None:
    """An option's or argument's help and placeholder in the current language; flags show no placeholder."""
    param.help = _translated(_original(param, "help"))
    if isinstance(param, TyperOption) and param.is_flag:
        param.metavar = ""  # a flag takes no value: no "<bool>"
    else:
        param.metavar = _translated(_original(param, "metavar"))
    param.show_default = False  # defaults are said in words in the help text
    if isinstance(param, TyperArgument):  # its placeholder already says what it is: no "<path>" beside it
        param.display_type_rich = lambda ctx: None


def translate_command(command: Any) -> None:
    command.help = _translated(_original(command, "help"))
    command.short_help = _translated(_original(command, "short_help"))


def localise_typer() -> None:
    """Typer's own words on the help and error screens, in the current language."""
    # Imported here, when a help or error screen is drawn: it brings rich's Markdown and Pygments (50 ms),
    # which a build never shows.
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = _("Arguments")
    rich_utils.OPTIONS_PANEL_TITLE = _("Options")
    rich_utils.COMMANDS_PANEL_TITLE = _("Commands")
    rich_utils.ERRORS_PANEL_TITLE = _("Error")
    rich_utils.REQUIRED_LONG_STRING = _("[required]")
    rich_utils.ABORTED_TEXT = _("Aborted.")
    rich_utils.RICH_HELP = _("Try [blue]'{command_path} {help_option}'[/] for help.")


# Click's and Typer's own messages for a mistyped command line, as they word them (their code does not
# translate them): each pattern → the same message through the catalogue. Others stay as they are.
USAGE_MISTAKES: tuple[tuple[re.Pattern[str], Callable[[dict[str, str]], str]], ...] = (
    (re.compile(r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.+)\))?"),
     lambda m: _("No such option: {name}.").format(name=m["name"])
     + (" " + _("Did you mean: {options}?").format(options=m["options"]) if m["options"] else "")),
    (re.compile(r"No such command '(?P<name>.+?)'\.(?: Did you mean '(?P<similar>.+)'\?)?"),
     lambda m: _("No such command: {name}.").format(name=m["name"])
     + (" " + _("Did you mean: {options}?").format(options=m["similar"]) if m["similar"] else "")),
    (re.compile(r"Option '(?P<name>[^']+)' requires an argument\."),
     lambda m: _("{name} needs a value after it.").format(name=m["name"])),
    (re.compile(r"Option '(?P<name>[^']+)' does not take a value\."),
     lambda m: _("{name} is a switch: it takes no value.").format(name=m["name"])),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)"),
     lambda m: _("Unexpected words on the command line: {arguments}.").format(arguments=m["arguments"])),
    # (Click words a wrong number "'x' is not a valid int.", Typer 0.29 and later "Input should be a valid …")
    (re.compile(r"Invalid value for (?P<name>.+?): (?:Input should be a valid integer.*|.* is not a valid integer\.?"
                r"|.* is not a valid int\.?)"),
     lambda m: _("{name}: expected a whole number.").format(name=m["name"])),
    (re.compile(r"Invalid value for (?P<name>.+?): (?:Input should be a valid number.*|.* is not a valid float\.?)"),
     lambda m: _("{name}: expected a number.").format(name=m["name"])),
    (re.compile(r"Invalid value for (?P<name>.+?): (?P<reason>.*)"),
     lambda m: _("Invalid value for {name}: {reason}").format(name=m["name"], reason=m["reason"])),
    (re.compile(r"Missing command\."), lambda m: _("Name a command, e.g. flashgen build.")),
    (re.compile(r"Missing (?:argument|option) (?P<name>[^.]+)\..*"),
     lambda m: _("{name} is missing.").format(name=m["name"])),
)


def usage_mistake(message: str) -> str:
    """A mistyped command line's message in the current language (``message`` itself when not known)."""
    for pattern, words in USAGE_MISTAKES:
        if found := pattern.fullmatch(message.strip()):
            return words({key: value or "" for key, value in found.groupdict().items()})
    return message


def _translated_mistake(error: UsageError) -> UsageError:
    return UsageError(usage_mistake(error.format_message()), error.ctx)


def _argument_usage(param: TyperArgument) -> str:
    """``[THƯ MỤC]`` for an optional argument, ``THƯ MỤC`` for a required one."""
    name = _translated(_original(param, "metavar")) or (param.name or "").upper()
    shown = name if param.required else f"[{name}]"
    return shown + ("..." if param.nargs != 1 else "")


class _Translating:
    """What ``Command`` and ``Group`` share: help and usage in the current language."""

    def _translate(self, ctx: Any) -> None:
        localise_typer()
        translate_command(self)
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            translate_param(param)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc,no-any-return]
        except NoArgsIsHelpError:
            raise
        except UsageError as error:
            raise _translated_mistake(error) from None

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.__dict__.setdefault("_flashgen_msgids", {})["help"] = HELP_OPTION
            translate_param(option)
        return option

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._translate(ctx)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        localise_typer()  # the usage line also heads Typer's error panel ("Error", "Try … for help")
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=_("Usage: "))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [_("[OPTIONS]")]
        pieces += [_argument_usage(p) for p in self.get_params(ctx) if isinstance(p, TyperArgument)]  # type: ignore[attr-defined]
        return pieces


class Command(_Translating, TyperCommand):
    """A ``flashgen`` command whose help is shown in the current language."""


class Group(_Translating, TyperGroup):
    """The ``flashgen`` command itself: its help, and its list of commands, in the current language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None:
                translate_command(command)
        super().format_help(ctx, formatter)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*super().collect_usage_pieces(ctx), _("COMMAND [ARGS]...")]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as error:
            raise _translated_mistake(error) from None


class App(typer.Typer):
    """``typer.Typer`` whose commands translate their help (``Command``) unless given another class."""

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(name, cls=cls or Command, **kwargs)
