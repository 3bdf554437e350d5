"""`psedcheck serve`: the click command and the uvicorn start on a socket it binds itself."""
from __future__ import annotations

import secrets
import socket
import sys
import threading
import time
import webbrowser

import click

from ..i18n import LANGS, ui
from .settings import DEFAULT_PORT, Settings, is_loopback


@click.command("serve", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but this computer needs an access token.")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free one).")
@click.option("--token", help="Access token to require (default: generated when --host is not this computer).")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the default browser.")
@click.option("--max-upload-mb", type=click.FloatRange(min=0.001), default=50, show_default=True,
              help="Largest file accepted, in MB; larger uploads are answered 413.")
@click.option("--max-job-mb", type=click.FloatRange(min=0.001), default=None,
              help="Largest upload of several files together, in MB  [default: 4 x --max-upload-mb]")
@click.option("--max-checks", type=click.IntRange(min=1), default=None,
              help="Documents checked at the same time  [default: number of cores]")
@click.option("--queue", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents that may wait for a check; past that an upload is answered 503.")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Seconds one document may take before it is stopped with error `timeout`.")
@click.option("--memory-mb", type=click.IntRange(min=0), default=1024, show_default=True,
              help="Memory one document's check may add, in MB (0: no ceiling).")
@click.option("--lang", type=click.Choice(LANGS), default=None, envvar="PSEDCHECK_LANG",
              help="Page language before the user picks one  [default: $PSEDCHECK_LANG, else `lang` of "
                   "psedcheck.toml, else ru]")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, exists=True),
              help="Load rule sets from this folder.")
@click.option("--history/--no-history", default=None,
              help="Record each check in the history and show a programme's versions  [default: `history` of "
                   "psedcheck.toml, else on; PSEDCHECK_HISTORY=off turns it off]")
def serve(host, port, token, no_browser, max_upload_mb, max_job_mb, max_checks, queue, timeout, memory_mb, lang,
          rules_dir, history):
    """A local web page to check programmes: upload a draft, read the report, take the draft back with Word comments."""
    from ..batch.jobs import default_jobs

    lang = lang or configured_lang() or "ru"
    if not is_loopback(host):
        token = token or secrets.token_urlsafe(24)
        click.echo(ui("serve_open_warning", lang, host=host), err=True)
    settings = Settings(host=host, port=port, token=token, max_upload_mb=max_upload_mb,
                        max_job_mb=max_job_mb or 4 * max_upload_mb, max_checks=max_checks or default_jobs(),
                        queue=queue, timeout=timeout, memory_mb=memory_mb, default_lang=lang, rules_dir=rules_dir,
                        history=history_database(history))
    try:
        sock = bind(host, port)
    except OSError as exc:
        raise click.UsageError(ui("serve_port_busy", lang, port=port, reason=exc.strerror or str(exc)))
    run(settings, sock, open_browser=not no_browser)


def configured_lang() -> str | None:
    """`lang` of the psedcheck.toml files (commands/config.py), the same the other subcommands read."""
    return _configured().get("lang")


def history_database(chosen: bool | None) -> str | None:
    """The history file checks are recorded in, as `check` decides it: --history/--no-history, else
    `history` of psedcheck.toml, else on; PSEDCHECK_HISTORY names another file or turns it off."""
    from ..history.store import default_path

    wanted = chosen if chosen is not None else _configured().get("history", True)
    path = default_path() if wanted else None
    return str(path) if path else None


def _configured() -> dict:
    from ..commands import config

    try:
        settings, _ = config.load()
    except config.SettingsError:  # the group has said what is wrong with the file
        return {}
    return settings


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def run(settings: Settings, sock: socket.socket, open_browser: bool = False) -> None:
    """Serves until Ctrl+C (or SIGTERM); the runners and the workspace go with the server."""
    import uvicorn

    from .app import create_app

    port = sock.getsockname()[1]
    shown = settings.host if settings.host not in ("0.0.0.0", "::") else socket.gethostname()
    shown = f"[{shown}]" if ":" in shown else shown
    url = f"http://{shown}:{port}/" + (f"?token={settings.token}" if settings.token else "")
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                           timeout_graceful_shutdown=5))

    def announce():
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            click.echo(ui("serve_listening", settings.default_lang, url=url, keys="Ctrl+C"), err=True)
            if open_browser:
                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn raises the Ctrl+C again once it has shut down: that is a normal end
        pass
    finally:
        sock.close()
    if not server.started:
        sys.exit(1)
