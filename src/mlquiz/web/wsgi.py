"""WSGI entry point (``mlquiz serve`` uses it through waitress; any WSGI server can)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mlquiz.web.settings")
application = get_wsgi_application()
