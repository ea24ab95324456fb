"""Runs cfn-lint's own command line (cfnlint.runner.main, as the `cfn-lint` script does), unchanged,
but remembers which template is being linted. cfn-lint gathers every result before printing, so a
crash on one template loses the whole run; this names the template so the bench can go on past it.
Usage: python cfn_lint_run.py [cfn-lint arguments...]
"""
import re
import sys
import traceback

from cfnlint.runner import main

current = [None]
try:
    import cfnlint.runner.template.runner as template_runner

    original = template_runner._run_template

    def tracked(filename, *args, **kwargs):
        current[0] = filename
        yield from original(filename, *args, **kwargs)

    template_runner._run_template = tracked
except (ImportError, AttributeError):  # another cfn-lint layout: run it untracked
    pass

if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\.pyw|\.exe)?$", "", sys.argv[0])
    try:
        sys.exit(main())
    except Exception:  # noqa: BLE001 - report any crash, with the template it happened on
        traceback.print_exc()
        sys.stderr.write(f"@@ownless-bench: cfn-lint crashed on {current[0]}\n")
        sys.exit(70)
