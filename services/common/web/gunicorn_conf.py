"""Gunicorn settings for every service's API: `gunicorn -c python:services.common.web.gunicorn_conf`.

Logging is configured here, in the entrypoint, after each worker forks; create_app() stays pure.
"""
import os

from services.common.logging_setup import configure_logging
from services.common.web.draining import drain_on_sigterm

worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# the open-data exports stream every published link; at a million inputs that takes ~25 s
timeout = 120
graceful_timeout = 20
# after SIGTERM a worker answers new requests 503 + Retry-After this long, then stops (under
# graceful_timeout, after which gunicorn kills what is left)
drain_seconds = float(os.environ.get("HEARD_DRAIN_SECONDS", "5"))
accesslog = "-"
# Paths only: query strings may carry filters, never personal data, but keep lines short anyway.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def post_fork(server, worker):
    configure_logging(os.environ.get("HEARD_LOG_FORMAT", "text"))


def post_worker_init(worker):
    drain_on_sigterm(worker, drain_seconds)
