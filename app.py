"""WSGI entry point: `flask run` and `gunicorn app:app` find `app` here."""
from training import create_app

app = create_app()
