"""Entry point: `dangjian-desktop` opens the GUI; a sub-command runs a batch job without loading Qt."""

import sys


def main(argv: list[str] | None = None) -> int:
    from .cli import build_parser, run_command
    from .services.running_program import announce_running

    announce_running()
    args = build_parser().parse_args(argv)
    if args.self_check:
        from .ui.self_check import run_self_check  # needs Qt (offscreen), never the user's data file

        return run_self_check()
    if args.command is None:
        from .ui.app import run_gui  # Qt is imported only for the GUI

        return run_gui(args.db)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
