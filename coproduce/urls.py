from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from coproduce import views
from evaluation.dashboards.views import dashboard

# Admin has no sign-in form of its own: people sign in (with the second step) at
# /accounts/login/ and come back.
admin.site.login = secure_admin_login(admin.site.login)

# Site-wide pages: the statements (public) and the person's own account.
site_patterns = [
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("account/", views.account, name="account"),
    path(
        "account/sign-out-everywhere/",
        views.sign_out_everywhere,
        name="sign_out_everywhere",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    # One list of a person's sign-ins, on their account page (allauth has its own).
    path(
        "accounts/sessions/",
        RedirectView.as_view(pattern_name="site:account", query_string=False),
    ),
    path("accounts/", include("allauth.urls")),
    path("api/", include("evaluation.api.urls")),
    path("", include((site_patterns, "site"))),
    # Browsers and crawlers ask for /favicon.ico whatever the page says.
    path("favicon.ico", views.favicon),
    path("health/", views.health, name="health"),
    # Readiness for probes and CI: every part the site needs answers (public, no secrets).
    path("health/ready/", views.ready, name="health_ready"),
    # Each user starts on the dashboard that fits their strongest role.
    path("", dashboard, name="home"),
    path("", include("projects.urls")),
    path("", include("logicmodels.urls")),
    path("", include("evaluation.urls")),
]
