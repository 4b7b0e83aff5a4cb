# Production image: one image for every process of the Procfile (web, worker, beat and the
# one-shot migrate step), each started with `honcho start <name>` (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8000 \
    LOG_FORMAT=json

# WeasyPrint's runtime libraries and a font; pg_dump/pg_restore for `manage.py backup`;
# Node.js only to install the front-end files.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core nodejs npm postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN pip install uv==0.13.9

WORKDIR /app

# Dependencies first, from the lock files, so code changes reuse these layers. Their
# bytecode is compiled here: PYTHONDONTWRITEBYTECODE means nothing writes it later, and
# without it every process start (a `manage.py report` too) compiles thousands of
# files again, seconds each time.
COPY requirements/base.lock requirements/base.lock
RUN uv pip sync --system --no-cache --compile-bytecode requirements/base.lock

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
RUN python -m compileall -q coproduce projects logicmodels evaluation

# Static files are collected at build time. The key is for this step only; the running
# container must be given its own SECRET_KEY.
RUN DEBUG=0 SECRET_KEY=build-only-key-not-used-at-runtime python manage.py collectstatic --no-input

# The app user may write media and beat's schedule file (/app/var), not the code.
RUN useradd --system --create-home --uid 1000 --shell /usr/sbin/nologin coproduce \
    && mkdir -p /app/var/media \
    && chown coproduce:coproduce /app/var \
    && chown -R coproduce:coproduce /app/var/media
USER coproduce

EXPOSE 8000
# The readiness page: database, cache, broker, storage and a worker all answer. The worker
# and beat services replace this with their own `celery inspect ping` checks.
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "coproduce.probe", "web", "--quiet"]
CMD ["honcho", "start", "--no-prefix", "web"]
