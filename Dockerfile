# One image for every Heard service. The command picks what runs:
#   API     gunicorn --config python:services.common.web.gunicorn_conf --bind 0.0.0.0:8001 \
#               'services.intake.entrypoints.api:create_app()'
#   worker  python -m services.intake.entrypoints.worker
#   jobs    heard db upgrade --service intake | heard topics create | heard keys create --role admin
# docker-compose.yml shows all of them. Works with the classic builder and BuildKit alike.

# Patch-level pin; bump it deliberately (and rebuild) for Python security releases.
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml ./
COPY constraints/requirements.lock constraints/requirements.lock
COPY services ./services
# Wheels of Heard and exactly the pinned versions of its runtime dependencies (the test extras
# are not installed), then a virtual environment made only from those wheels, without pip.
RUN pip wheel --wheel-dir /wheels --constraint constraints/requirements.lock . \
 && python -m venv /opt/heard \
 && /opt/heard/bin/pip install --no-index --find-links /wheels heard \
 && /opt/heard/bin/pip uninstall --yes pip setuptools

FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/heard/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HEARD_VAR_DIR=/var/lib/heard
# open-data: owned by heard in the image, so the named volume mounted there starts so too
RUN groupadd --system --gid 10001 heard \
 && useradd --system --uid 10001 --gid heard --home-dir /var/lib/heard --shell /usr/sbin/nologin heard \
 && install --directory --owner heard --group heard /var/lib/heard /var/lib/heard/open-data
# The venv's interpreter links to this same base image's Python, so a plain copy works.
COPY --from=builder /opt/heard /opt/heard
USER heard
WORKDIR /var/lib/heard
EXPOSE 8001 8002 8003
CMD ["heard", "--help"]
