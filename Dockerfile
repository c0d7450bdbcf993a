# The production image: gunicorn serving the archive, static files collected at build time.

# The parser compiled to C (archive/native.py) in an image that has a C compiler; the same
# Python 3.12 on the same Debian release as the image below, so the extension modules load there.
FROM python:3.12 AS parser
WORKDIR /build
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY archive/ archive/
RUN python -m archive.native build && python -m archive.native status

FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
RUN useradd --create-home --uid 1000 archive
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
COPY --from=parser /build/archive/parsing/ archive/parsing/
COPY --from=parser /build/archive_parsing__mypyc.*.so ./
COPY --from=parser /build/archive/_vector.*.so archive/
# collectstatic needs settings but no secret of the deployment: a throwaway key is used only here.
RUN python -m archive.native status \
    && DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
USER archive
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--error-logfile", "-"]
