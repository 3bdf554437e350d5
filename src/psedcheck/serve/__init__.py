"""`psedcheck serve`: a local web page where an expert drops a draft and reads its report.

The server (Starlette on uvicorn) only receives files, keeps jobs and renders reports; every check
runs in a runner process (runners.py), which checks one document at a time through the batch
machinery, so each document has its own forked worker, time limit and memory ceiling.

  settings.py   what the command line sets (port, limits), and the page language's default
  workspace.py  the server's temporary folder: uploads and outputs, job by job, under safe names
  runners.py    the runner processes and what runs in them (the check, the annotated draft)
  board.py      the jobs: a bounded queue, the dispatcher thread that feeds the runners, cancel
  uploads.py    multipart uploads with per-file and per-job size limits
  guard.py      the safety middleware: allowed hosts, access token, same-origin POSTs, CSP
  pages.py      the Jinja pages and the report page's downloads
  versions.py   a programme's recorded versions (the history) and the diff of two, as pages show them
  app.py        the routes
  command.py    the click command and the uvicorn start
"""
