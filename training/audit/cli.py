"""`flask audit verify`: check the hash chain of the audit log."""
import click
from flask.cli import with_appcontext

from training.audit.service import verify_chain

audit_cli = click.Group("audit", help="The audit log.")


@audit_cli.command("verify")
@with_appcontext
def verify():
    """Check that no audit entry was edited, removed or reordered."""
    checked, problem = verify_chain()
    if problem is None:
        click.echo(f"audit log intact: {checked} entries")
        return
    click.echo(f"audit log broken at entry {problem.entry_id}: {problem.reason} "
               f"({checked} entries before it are intact)", err=True)
    raise SystemExit(1)
