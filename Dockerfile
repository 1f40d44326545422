# incident-bot's image. Build the wheels first, outside the image, so the build needs no network:
#   pip wheel . -w build/wheels && podman build --format docker -t incident-bot .   (or docker build)
# scripts/image-build does both. BASE is any Debian-like image with python3 (3.11 or newer) and its
# venv module: the official slim image by default, or one of your own (--build-arg BASE=...).
ARG BASE=python:3.11-slim
# checkov:skip=CKV_DOCKER_7:FROM takes BASE, whose default has a fixed minor version (3.11)

FROM ${BASE} AS venv
LABEL org.incident-bot.stage=venv
COPY build/wheels /wheels
RUN python3 -m venv /opt/incident-bot \
    && /opt/incident-bot/bin/pip install --no-cache-dir --no-index --find-links /wheels incident-bot \
    && /opt/incident-bot/bin/pip uninstall --yes pip

FROM ${BASE}
# A fixed non-root UID and GID (the Kubernetes manifests and compose file name the same numbers),
# with a passwd entry so the login name `declare` records without --by is a name, not an error.
RUN echo "incident-bot:x:10001:10001:incident-bot:/var/lib/incident-bot:/usr/sbin/nologin" >> /etc/passwd \
    && echo "incident-bot:x:10001:" >> /etc/group \
    && mkdir -p /var/lib/incident-bot \
    && chown 10001:10001 /var/lib/incident-bot
COPY --from=venv /opt/incident-bot /opt/incident-bot
ENV PATH=/opt/incident-bot/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////var/lib/incident-bot/incidents.db
WORKDIR /var/lib/incident-bot
VOLUME ["/var/lib/incident-bot"]
USER 10001:10001
EXPOSE 3000
# Liveness (/healthz: the database answers); the slim base has no curl, the venv's Python does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3000') + '/healthz', timeout=4)"]
# No init wrapper: `run` blocks SIGTERM in every thread and takes it with sigwait, so as PID 1 it
# still receives it (the kernel drops only signals PID 1 neither handles nor blocks).
ENTRYPOINT ["incident-bot"]
CMD ["run"]
