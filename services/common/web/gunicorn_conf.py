"""Gunicorn settings for every service's API: `gunicorn -c python:services.common.web.gunicorn_conf`.

Logging is configured here, in the entrypoint, after each worker forks; create_app() stays pure.
"""
import os

from services.common.logging_setup import configure_logging

worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# the open-data exports stream every published link; at a million inputs that takes ~25 s
timeout = 120
graceful_timeout = 20
accesslog = "-"
# Paths only: query strings may carry filters, never personal data, but keep lines short anyway.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def post_fork(server, worker):
    configure_logging(os.environ.get("HEARD_LOG_FORMAT", "text"))
