# The production image: the same code and settings as development, configured by environment.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (Pango, HarfBuzz subsetting), a CJK font for PDFs, gettext for the catalogues.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 jubao
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_DEBUG=1 python manage.py compilemessages --ignore=.venv \
 && DJANGO_DEBUG=1 STATIC_ROOT=/app/staticfiles python manage.py collectstatic --noinput \
 && mkdir -p /srv/jubao/media && chown -R jubao /srv/jubao

USER jubao
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
