# The bot in a container: python -m bot with the knowledge base and the report folder on a volume.
#   docker build -t gov-report-bot .
#   docker run -d --name gov-report-bot --restart unless-stopped --env-file .env \
#       -e KB_PATH=/data/knowledge.db -e SEEDS_DIR=/data/seeds -v gov-report-data:/data gov-report-bot
# A named volume starts with the bundled seeds (copied from the image on first use).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    KB_PATH=/data/knowledge.db \
    SEEDS_DIR=/data/seeds

WORKDIR /app
COPY pyproject.toml README.md ./
COPY knowledge ./knowledge
COPY bot ./bot
COPY seeds /data/seeds
RUN pip install . \
    && useradd --system --home-dir /data --shell /usr/sbin/nologin bot \
    && chown -R bot:bot /data
USER bot
VOLUME /data
# SIGTERM (docker stop) stops the bot cleanly
STOPSIGNAL SIGTERM
# unhealthy when the knowledge base is broken (the running bot also repairs it from /data/seeds)
HEALTHCHECK --interval=60s --timeout=30s --start-period=120s CMD ["python", "-m", "bot", "--check"]
CMD ["python", "-m", "bot"]
